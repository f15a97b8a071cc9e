using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Ingestion.Backlog;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Health;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Ingestion.Rejections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Linzi.Heritage.Ingestion;

/// <summary>Registers the broker edge, the journal consumers and the rules, and live state.</summary>
public static class IngestionExtensions
{
    /// <summary>
    /// Adds ingestion. Needs the stores (<c>AddHeritageStorage</c>), an <see cref="IDeviceStatusNotifier"/>, and alerting
    /// behind <see cref="Domain.Alerts.IRuleAlerts"/> and <see cref="Domain.Alerts.ISystemAlerts"/>.
    /// </summary>
    public static IHostApplicationBuilder AddHeritageIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.SectionName).ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MqttOptions>, MqttOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CoordinationOptions>().BindConfiguration(CoordinationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LeaseKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.AddSingleton<RegistryHolder>();
        services.AddSingleton<TelemetryDecoder>();
        services.AddSingleton<SequenceTracker>();
        services.AddSingleton<IngestionStats>();
        services.AddSingleton<TelemetryIngestor>();
        services.AddSingleton<RejectionLog>();
        services.AddHostedService(sp => sp.GetRequiredService<RejectionLog>());
        services.AddSingleton<DeviceStatusTracker>();
        services.AddSingleton<LiveReadings>();
        services.AddOptions<RuleOptions>().BindConfiguration(RuleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WorksHolder>();
        services.AddSingleton<SightingsPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<SightingsPublisher>());
        services.AddSingleton<NoDataMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<NoDataMonitor>());

        services.AddOptions<TimeSeriesWriterOptions>().BindConfiguration(TimeSeriesWriterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TimeSeriesWriter>();
        services.AddSingleton<JournalConsumer>(sp => sp.GetRequiredService<TimeSeriesWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<TimeSeriesWriter>());
        services.AddTransient<RuleJudge>(); // one per judged stream: the instance's journal, or each partition of the shared queue
        services.AddSingleton<RulesProcessor>();
        services.AddSingleton<JournalConsumer>(sp => sp.GetRequiredService<RulesProcessor>());
        services.AddHostedService(sp => sp.GetRequiredService<RulesProcessor>());
        services.AddSingleton<RulePartitions>();
        services.AddHostedService(sp => sp.GetRequiredService<RulePartitions>());

        services.AddOptions<BacklogOptions>().BindConfiguration(BacklogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IngestionGate>();
        services.AddSingleton<BacklogMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<BacklogMonitor>());
        services.AddSingleton<FaultMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<FaultMonitor>());

        services.AddSingleton<DeviceStatusHandler>();
        if (builder.Configuration[$"{MqttOptions.SectionName}:Mode"] == "External")
        {
            services.AddSingleton<ExternalBrokerClient>();
            services.AddSingleton<IBrokerEdge>(sp => sp.GetRequiredService<ExternalBrokerClient>());
            services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerClient>());
        }
        else
        {
            services.AddSingleton<BrokerEdgeStats>();
            services.AddSingleton<DeviceRateLimiter>();
            services.AddSingleton<EmbeddedBroker>();
            services.AddSingleton<IBrokerEdge>(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        return builder;
    }
}
