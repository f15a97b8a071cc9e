namespace Linzi.Heritage.Server.Housekeeping;

/// <summary>Registers the retention of readings and of the consumed journal.</summary>
public static class HousekeepingExtensions
{
    /// <summary>Adds the hourly retention sweep.</summary>
    public static IHostApplicationBuilder AddHeritageHousekeeping(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return builder;
    }
}
