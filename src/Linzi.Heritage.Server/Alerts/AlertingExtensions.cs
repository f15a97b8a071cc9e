using Linzi.Heritage.Storage.TimeSeries;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Server.Alerts.Feed;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>Registers alerting: the ledger, who writes through it, the escalation sweep, and the feed's consumers.</summary>
public static class AlertingExtensions
{
    /// <summary>Adds alerting. Needs the stores (<c>AddHeritageStorage</c>) and notifications (<c>AddHeritageNotifications</c>).</summary>
    public static IHostApplicationBuilder AddHeritageAlerting(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<AlertLedger>();
        services.AddSingleton<RuleAlerts>();
        services.AddSingleton<IRuleAlerts>(sp => sp.GetRequiredService<RuleAlerts>());
        services.AddSingleton<ISystemAlerts>(sp => sp.GetRequiredService<RuleAlerts>());
        services.AddSingleton<AlertActions>();
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EscalationMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationMonitor>());

        AddFeedConsumer<LiveAlertPush>(services);
        AddFeedConsumer<OutboxFeed>(services);
        if (builder.Configuration[$"{TimeSeriesOptions.SectionName}:Provider"] == TimeSeriesOptions.InfluxDb)
        {
            AddFeedConsumer<ChartCopyFeed>(services);
        }

        services.AddSingleton<AlertFeedRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertFeedRetention>());
        return builder;
    }

    private static void AddFeedConsumer<T>(IServiceCollection services)
        where T : AlertFeedConsumer
    {
        services.AddSingleton<T>();
        services.AddSingleton<AlertFeedConsumer>(sp => sp.GetRequiredService<T>());
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
