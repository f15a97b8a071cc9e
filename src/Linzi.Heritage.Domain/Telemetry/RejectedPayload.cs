namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>A payload the ingestion edge refused, kept for inspection.</summary>
/// <param name="At">When it arrived.</param>
/// <param name="ClientId">The MQTT client id.</param>
/// <param name="DeviceId">The authenticated device, if any.</param>
/// <param name="Topic">The topic it was published on.</param>
/// <param name="Reason">A stable reason code, such as <c>malformed_json</c>.</param>
/// <param name="Detail">What exactly was wrong, naming the field.</param>
/// <param name="PayloadPrefix">The start of the payload as text (at most a few KiB), so large garbage stays bounded.</param>
/// <param name="PayloadBytes">The payload's full size.</param>
public sealed record RejectedPayload(
    DateTimeOffset At, string? ClientId, string? DeviceId, string Topic, string Reason, string Detail, string PayloadPrefix, long PayloadBytes);
