using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Storage.Accounts;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Influx;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Registry;
using Linzi.Heritage.Storage.Rejections;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage;

/// <summary>Registers the SQLite stores, the journal and the time-series store.</summary>
public static class StorageExtensions
{
    /// <summary>Adds every store.</summary>
    public static IHostApplicationBuilder AddHeritageStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<TimeSeriesOptions>().BindConfiguration(TimeSeriesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<IntegrityOptions>().BindConfiguration(IntegrityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IntegrityOptions>, IntegrityOptionsValidator>();
        builder.Services.AddSingleton(sp => new DataFiles(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, sp.GetRequiredService<IOptions<IntegrityOptions>>().Value.KeyFile));
        builder.Services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
        builder.Services.AddSingleton<IUserStore, SqliteUserStore>();
        builder.Services.AddSingleton<ISessionStore, SqliteSessionStore>();
        builder.Services.AddSingleton<SqliteAlertStore>();
        builder.Services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<SqliteAlertStore>());
        builder.Services.AddSingleton<IAlertFeed>(sp => sp.GetRequiredService<SqliteAlertStore>());
        builder.Services.AddSingleton<IRejectedStore, SqliteRejectedStore>();
        builder.Services.AddSingleton<IWorksStore, Works.SqliteWorksStore>();
        builder.Services.AddSingleton<IAuditLog, Audit.SqliteAuditLog>();
        builder.Services.AddSingleton<Evidence.EvidenceStore>();
        builder.Services.AddSingleton<IOutbox, Outbox.SqliteOutbox>();
        builder.Services.AddSingleton<ICheckpointStore, SqliteCheckpointStore>();
        builder.Services.AddSingleton<SqliteJournal>();
        builder.Services.AddSingleton<IReadingJournal>(sp => sp.GetRequiredService<SqliteJournal>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SqliteJournal>());
        builder.Services.AddSingleton<JournalCheckpointer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JournalCheckpointer>());
        if (builder.Configuration[$"{TimeSeriesOptions.SectionName}:Provider"] == TimeSeriesOptions.InfluxDb)
        {
            AddInflux(builder);
        }
        else
        {
            builder.Services.AddSingleton<ITimeSeriesStore, SqliteTimeSeriesStore>();
        }

        return builder;
    }

    private static void AddInflux(IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(InfluxDbOptions.SectionName);
        builder.Services.AddOptions<InfluxDbOptions>().BindConfiguration(InfluxDbOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var settings = section.Get<InfluxDbOptions>() ?? new InfluxDbOptions();
        builder.Services.AddHttpClient<InfluxQueryReader>(http =>
        {
            http.BaseAddress = new Uri(settings.Url);
            http.Timeout = settings.AttemptTimeout;
        });
        builder.Services.AddSingleton<InfluxWriteMetrics>();
        builder.Services.AddInfluxWritePipeline(settings.AttemptTimeout);
        builder.Services.AddSingleton<ParkedPointStore>();
        builder.Services.AddSingleton<ITimeSeriesStore, InfluxTimeSeriesStore>();
        builder.Services.AddHostedService<InfluxBootstrapper>();
        builder.Services.AddSingleton<IAlertChartCopy, InfluxAlertCopy>();
    }
}
