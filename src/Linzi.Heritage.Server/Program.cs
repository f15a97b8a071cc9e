using Linzi.Heritage.Storage.TimeSeries;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Ingestion;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Backup;
using Linzi.Heritage.Server.Demo;
using Linzi.Heritage.Server.Devices;
using Linzi.Heritage.Server.Evidence;
using Linzi.Heritage.Server.Health;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Metrics;
using Linzi.Heritage.Server.Housekeeping;
using Linzi.Heritage.Server.Monitoring;
using Linzi.Heritage.Server.Mosquitto;
using Linzi.Heritage.Server.Notifications;
using Linzi.Heritage.Server.OpenApi;
using Linzi.Heritage.Server.Problems;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Registry;
using Linzi.Heritage.Server.Registry.Admin;
using Linzi.Heritage.Server.Registry.Transfer;
using Linzi.Heritage.Server.Rules;
using Linzi.Heritage.Server.Statistics;
using Linzi.Heritage.Server.Vocabulary;
using Linzi.Heritage.Server.Web;
using Linzi.Heritage.Server.Patrols;
using Linzi.Heritage.Server.Works;
using Linzi.Heritage.Storage;
using Linzi.Heritage.Domain.Telemetry;
using NetTopologySuite.IO.Converters;

// Commands instead of serving: "mosquitto-config DIR" writes an external Mosquitto's password and ACL files;
// "backup DIR" copies the data directory consistently while a server runs; "init-admin USERNAME" creates the first
// bureau account of a real installation.
var (command, commandArgument) = args is [MosquittoConfigCommand.Name or BackupCommand.Name or InitAdminCommand.Name, var argument, ..] ? (args[0], argument) : (null, null);
var builder = WebApplication.CreateBuilder(command is null ? args : args[2..]);
if (command is not null)
{
    // A command's standard output is its answer (init-admin's password on an indented line); the log goes to stderr,
    // or its indented lines get mixed in with the password.
    builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.AddHeritageProblems();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new GeoJsonConverterFactory()));
builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateOnStart();
builder.Services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

// Order matters for hosted services: stores, then the registry, then alerting, then ingestion (whose broker opens last).
builder.AddHeritageStorage();
builder.Services.AddHostedService<RegistryLoader>();
builder.Services.AddHostedService<SharedStateRefresher>();
builder.AddHeritageAlerting(); // before ingestion: the feed's consumers are following before the broker opens
builder.AddHeritageIngestion();
builder.AddHeritageAuth();
builder.AddHeritageAccounts();
builder.AddHeritageHealth();

builder.AddHeritageMetrics();
builder.AddHeritageWeb();
builder.AddHeritageSecurityHeaders();
builder.AddHeritageOpenApi();
builder.AddHeritageHub();
builder.Services.AddHeritageNotifications();
builder.Services.AddSingleton<RegistryEditor>();
builder.Services.AddSingleton<RegistryImporter>();
builder.Services.AddOptions<DeviceOptions>().BindConfiguration(DeviceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
if (builder.Configuration[$"{TimeSeriesOptions.SectionName}:Provider"] == TimeSeriesOptions.InfluxDb)
{
    // Grafana's dashboards chart the server's own state beside the readings (grafana/README.md).
    builder.Services.AddSingleton<InfluxSnapshotWriter>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<InfluxSnapshotWriter>());
}

builder.Services.AddHostedService<LiveReadingsBroadcaster>();
builder.Services.AddSingleton<IDeviceStatusNotifier, SignalRDeviceStatusNotifier>();
builder.AddHeritageHousekeeping();
builder.Services.AddPatrols();
builder.Services.AddIntegrityAnchors(); // chain heads to the log, every Integrity:AnchorInterval and at shutdown

var app = builder.Build();
switch (command)
{
    case MosquittoConfigCommand.Name:
        return await MosquittoConfigCommand.RunAsync(app, commandArgument!);
    case BackupCommand.Name:
        return await BackupCommand.RunAsync(app, commandArgument!);
    case InitAdminCommand.Name:
        return await InitAdminCommand.RunAsync(app, commandArgument!);
}

app.UseHeritageSecurityHeaders();
app.UseHeritageProblems();
app.UseHeritageWeb();
app.UseRateLimiter(); // sign-in attempts per client address (Auth/SignInLimits)
app.UseAuthentication();
app.UsePasswordChangeGate(); // a password someone else set opens nothing else until changed
app.UseAuthorization();

app.MapHeritageHealth();
app.MapPrometheusScrapingEndpoint().RequireAuthorization(MetricsAccess.Policy);
app.MapAuthApi();
app.MapUserApi();
app.MapRegistryApi();
app.MapSiteAdminApi();
app.MapCellAdminApi();
app.MapGridApi();
app.MapZoneImportApi();
app.MapRegistryTransferApi();
app.MapDeviceApi();
app.MapDeviceLifecycleApi();
app.MapDeviceImportApi();
app.MapVocabularyApi();
app.MapReadingApi();
app.MapRuleApi();
app.MapWorksApi();
app.MapPatrolApi();
app.MapPatrolDutyApi();
app.MapVisitReportApi();
app.MapChecklistApi();
app.MapAuditApi();
app.MapEvidenceApi();
app.MapNotificationApi();
app.MapStatisticsApi();
app.MapAlertApi();
app.MapIngestionApi();
// A connection ends when its token expires (issue 15): clients reconnect with a refreshed one. See the JWT events in
// Auth/AuthExtensions for the clock this expiry is read on.
app.MapHub<MonitorHub>(HubPaths.Monitor, o => o.CloseOnAuthenticationExpiration = true);
app.MapHeritageOpenApi();
app.MapHeritageWeb();
app.LogWhereToConnect();

app.Run();
return 0;

/// <summary>Entry point; public so that <c>WebApplicationFactory&lt;Program&gt;</c> can reach it.</summary>
public partial class Program;
