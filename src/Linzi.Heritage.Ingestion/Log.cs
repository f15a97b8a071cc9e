using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion;

/// <summary>Source-generated log messages of the ingestion side. Event ids 1000–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Payload from {Device} on {Topic} rejected: {Reason} ({Detail})")]
    public static partial void PayloadRejected(this ILogger logger, string device, string topic, string reason, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Could not store {Count} rejected payloads")]
    public static partial void RejectedStoreFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "MQTT connect refused for {Username} from {Endpoint}: {Reason}")]
    public static partial void ConnectRefused(this ILogger logger, string username, string endpoint, string reason);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "MQTT connect refused for {Device}: client id {ClientId} belongs to {Owner} (from {Endpoint})")]
    public static partial void TakeoverRefused(this ILogger logger, string device, string clientId, string owner, string endpoint);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Critical, Message = "Fault in {Part}: {Reason}; the bureau is alerted and readiness reports it")]
    public static partial void FaultRaised(this ILogger logger, string part, string reason);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Fault in {Part} passed")]
    public static partial void FaultCleared(this ILogger logger, string part);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Error, Message = "Checking for faults failed")]
    public static partial void FaultCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on port {Port}")]
    public static partial void BrokerStarted(this ILogger logger, int port);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Embedded MQTT broker listening for TLS on port {Port} (certificate {Subject}, valid until {NotAfter})")]
    public static partial void BrokerTlsStarted(this ILogger logger, int port, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "MQTT connection from {Address} refused: it already holds {Limit} connections ({Refused} refused since start)")]
    public static partial void ConnectionLimitReached(this ILogger logger, string address, int limit, long refused);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Information, Message = "MQTT TLS handshake with {Endpoint} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(this ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Warning, Message = "MQTT connection from {Endpoint} failed")]
    public static partial void EdgeConnectionFailed(this ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 1044, Level = LogLevel.Warning, Message = "MQTT listener on [{Address}]:{Port} not started")]
    public static partial void BrokerListenerSkipped(this ILogger logger, Exception exception, string address, int port);

    [LoggerMessage(EventId = 1045, Level = LogLevel.Warning, Message = "MQTT connection from {Endpoint} closed: it announced a packet of {Size} bytes; the limit is {Limit}")]
    public static partial void PacketTooLarge(this ILogger logger, string endpoint, long size, int limit);

    [LoggerMessage(EventId = 1046, Level = LogLevel.Warning, Message = "MQTT device {Device} (client {ClientId}) disconnected: it floods far over its message rate")]
    public static partial void DeviceFloodDisconnected(this ILogger logger, string device, string clientId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Subscription to {Topic} by {Device} refused")]
    public static partial void SubscribeRefused(this ILogger logger, string topic, string device);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Consumer {Consumer} failed; retrying from its checkpoint")]
    public static partial void ConsumerFailed(this ILogger logger, Exception exception, string consumer);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Journal append failed for {Device}")]
    public static partial void JournalAppendFailed(this ILogger logger, Exception exception, string device);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Pushing an alert or status to clients failed")]
    public static partial void NotifyFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Reading of unknown device {Device} skipped by the rules")]
    public static partial void UnknownDevice(this ILogger logger, string device);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "The MQTT broker raced a closing client while stopping; shutdown continues")]
    public static partial void BrokerStopRaced(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "{Broker} unavailable; retrying in {Delay}")]
    public static partial void ExternalBrokerUnavailable(this ILogger logger, Exception exception, string broker, TimeSpan delay);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Connected to {Broker} (session present: {SessionPresent})")]
    public static partial void ExternalBrokerConnected(this ILogger logger, string broker, bool sessionPresent);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Acknowledging a message to the external broker failed; it will be delivered again")]
    public static partial void AcknowledgeFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Error, Message = "Journal backlog at its bound; refusing new readings until it drains: {State}")]
    public static partial void BacklogRefusing(this ILogger logger, string state);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Journal backlog drained; taking readings again: {State}")]
    public static partial void BacklogCleared(this ILogger logger, string state);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Error, Message = "Measuring the journal backlog failed")]
    public static partial void BacklogCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "{RuleId} on {Device} suppressed by {Kind} {Id}: {Reason}")]
    public static partial void AlertSuppressed(this ILogger logger, string ruleId, string device, string kind, string id, string reason);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Checking silent devices failed")]
    public static partial void NoDataCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1047, Level = LogLevel.Information, Message = "Instance {Instance} took the lease on {Work} (token {Token})")]
    public static partial void LeaseTaken(this ILogger logger, string work, string instance, long token);

    [LoggerMessage(EventId = 1048, Level = LogLevel.Warning, Message = "Instance {Instance} lost the lease on {Work} to another instance")]
    public static partial void LeaseLost(this ILogger logger, string work, string instance);

    [LoggerMessage(EventId = 1049, Level = LogLevel.Error, Message = "Checking the lease on {Work} failed; the work waits")]
    public static partial void LeaseCheckFailed(this ILogger logger, Exception exception, string work);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Recording which devices this instance heard from failed; the next round tries again")]
    public static partial void SightingsFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Information, Message = "Took over {Work}: replayed {Count} judged readings up to position {Checkpoint} to rebuild rule memory")]
    public static partial void RulePartitionRecalled(this ILogger logger, string work, int count, long checkpoint);
}
