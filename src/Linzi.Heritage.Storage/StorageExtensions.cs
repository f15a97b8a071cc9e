using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Storage.Accounts;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Influx;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Registry;
using Linzi.Heritage.Storage.Rejections;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage;

/// <summary>Registers the state stores (SQLite or PostgreSQL, <see cref="StateOptions"/>), the journal and the time-series store.</summary>
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
        builder.Services.AddOptions<StateOptions>().BindConfiguration(StateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StateOptions>, StateOptionsValidator>();
        if (builder.Configuration[$"{StateOptions.SectionName}:{nameof(StateOptions.Provider)}"] == StateOptions.Postgres)
        {
            AddPostgresState(builder.Services);
        }
        else
        {
            AddSqliteState(builder.Services);
        }

        builder.Services.AddSingleton<IRejectedStore, SqliteRejectedStore>();
        builder.Services.AddSingleton<Evidence.EvidenceStore>();
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

    // The shared state in the embedded SQLite state file.
    private static void AddSqliteState(IServiceCollection services)
    {
        services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<ISessionStore, SqliteSessionStore>();
        services.AddSingleton<SqliteAlertStore>();
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<SqliteAlertStore>());
        services.AddSingleton<IAlertFeed>(sp => sp.GetRequiredService<SqliteAlertStore>());
        services.AddSingleton<IWorksStore, Works.SqliteWorksStore>();
        services.AddSingleton<IAuditLog, Audit.SqliteAuditLog>();
        services.AddSingleton<IOutbox, Outbox.SqliteOutbox>();
        services.AddSingleton<ILeaseStore, Coordination.SqliteLeaseStore>();
        services.AddSingleton<IStateChanges, Coordination.NoStateChanges>();
        services.AddSingleton<IDeviceSightings, Devices.SqliteDeviceSightings>();
        services.AddSingleton<IPatrolStore, Patrols.SqlitePatrolStore>();
    }

    // The shared state in PostgreSQL. The schema is migrated when the database is first used, before any store reads
    // it (instances starting together take turns under the migrations' advisory lock).
    private static void AddPostgresState(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            _ = sp.GetRequiredService<IOptions<StateOptions>>().Value; // a missing connection string fails here, named
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(StateOptions.ConnectionStringName);
            var database = new PostgresDatabase(connectionString!);
            PostgresMigrations.Apply(database);
            return database;
        });
        services.AddSingleton<IRegistryStore>(sp => new PostgresRegistryStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IUserStore>(sp => new PostgresUserStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<ISessionStore>(sp => new PostgresSessionStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton(sp => new PostgresAlertStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<DataFiles>().IntegrityKey));
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<PostgresAlertStore>());
        services.AddSingleton<IAlertFeed>(sp => sp.GetRequiredService<PostgresAlertStore>());
        services.AddSingleton<IWorksStore>(sp => new Works.PostgresWorksStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IAuditLog>(sp => new Audit.PostgresAuditLog(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<DataFiles>().IntegrityKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOutbox>(sp => new Outbox.PostgresOutbox(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<ILeaseStore>(sp => new Coordination.PostgresLeaseStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IDeviceSightings>(sp => new Devices.PostgresDeviceSightings(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IRuleInbox>(sp => new Rules.PostgresRuleInbox(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IPatrolStore>(sp => new Patrols.PostgresPatrolStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<Coordination.PostgresStateChanges>();
        services.AddSingleton<IStateChanges>(sp => sp.GetRequiredService<Coordination.PostgresStateChanges>());
        services.AddHostedService(sp => sp.GetRequiredService<Coordination.PostgresStateChanges>());
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
