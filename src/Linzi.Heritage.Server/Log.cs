namespace Linzi.Heritage.Server;

/// <summary>Source-generated log messages of the server. Event ids 2000–2999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Registry loaded: {Sites} sites, {Zones} zones, {Cells} cells, {Devices} devices, {Rules} rules")]
    public static partial void RegistryLoaded(this ILogger logger, int sites, int zones, int cells, int devices, int rules);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "DEMO MODE: {Count} demo accounts are active with the published password '{Password}'. Never run demo mode on a reachable server.")]
    public static partial void DemoAccountsActive(this ILogger logger, int count, string password);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Demo registry seeded from {Path}")]
    public static partial void DemoSeeded(this ILogger logger, string path);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Device {DeviceId} provisioned at {SiteId} by {User}")]
    public static partial void DeviceProvisioned(this ILogger logger, string deviceId, string siteId, string user);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "{Entity} {Id} {Action} by {User}")]
    public static partial void Changed(this ILogger logger, string entity, string id, string action, string user);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Live readings push failed")]
    public static partial void LivePushFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Alert {AlertId} {Action} by {User}")]
    public static partial void AlertActed(this ILogger logger, string alertId, string action, string user);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Linzi Heritage Grid Monitor is up. HTTP API: {Http}  SignalR hub: {Hub}  MQTT: {Broker}  Data: {DataDirectory}")]
    public static partial void WhereToConnect(this ILogger logger, string http, string hub, string broker, string dataDirectory);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Notification {Key} on {Channel} failed (attempt {Attempts}, {Next}): {Error}")]
    public static partial void NotificationFailed(this ILogger logger, string channel, string key, int attempts, string next, string error);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "A notification delivery round failed")]
    public static partial void OutboxRoundFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Device {DeviceId} told to sample every {Seconds} s by {User}")]
    public static partial void DeviceConfigured(this ILogger logger, string deviceId, int seconds, string user);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "The operations snapshot for Grafana could not be written to InfluxDB; the next round tries again")]
    public static partial void SnapshotFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2075, Level = LogLevel.Warning, Message = "Reloading {Topic} after another instance changed it failed; the next change reloads again")]
    public static partial void SharedStateReloadFailed(this ILogger logger, Exception exception, string topic);
}
