using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>Registers patrol duty: the recorder, reports, missed-patrol alerts and the duty monitor.</summary>
public static class PatrolExtensions
{
    /// <summary>Adds the services; the store comes with the state provider.</summary>
    public static IServiceCollection AddPatrols(this IServiceCollection services)
    {
        services.AddOptions<PatrolOptions>().BindConfiguration(PatrolOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PatrolRecorder>();
        services.AddSingleton<PatrolArrivals>();
        services.AddSingleton<PatrolReports>();
        services.AddSingleton<IPatrolAlerts, PatrolAlerts>();
        services.AddSingleton<PatrolDutyMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<PatrolDutyMonitor>());
        services.AddSingleton<PatrolPositionRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<PatrolPositionRetention>());
        return services;
    }
}
