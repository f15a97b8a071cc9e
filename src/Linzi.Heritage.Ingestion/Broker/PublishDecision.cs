using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Ingestion.Decoding;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>The verdict on one publish. Immutable.</summary>
/// <param name="Kind">The topic's kind.</param>
/// <param name="Device">The device the publish is for, and the one a refusal is recorded against.</param>
/// <param name="Refused">Why it is refused; null when it may go on.</param>
internal readonly record struct PublishDecision(TopicKind Kind, DeviceSession Device, PublishRefusal? Refused);

/// <summary>A refused publish: a <see cref="RejectReasons"/> code and a detail for the rejection record. Immutable.</summary>
internal sealed record PublishRefusal(string Reason, string Detail);
