namespace Linzi.Heritage.Contracts.Api;

/// <summary>
/// The answer of <c>GET /api/vocabulary</c>: the device kinds and metric names of
/// <see cref="Vocabulary.DeviceKinds"/> and <see cref="Vocabulary.MetricNames"/>, so clients (the maintenance console)
/// offer what the server knows instead of keeping a copy.
/// </summary>
/// <param name="DeviceKinds">Every kind in the contract's order, with its default metrics.</param>
/// <param name="Metrics">Every metric name the contract fixes.</param>
public sealed record VocabularyDto(IReadOnlyList<DeviceKindDto> DeviceKinds, IReadOnlyList<string> Metrics);

/// <summary>A device kind and the metrics it sends by default (used when provisioning names none).</summary>
/// <param name="Kind">The kind, such as <c>vibration</c>.</param>
/// <param name="Metrics">Its default metrics, such as <c>ppv_mm_s</c> and <c>freq_hz</c>.</param>
public sealed record DeviceKindDto(string Kind, IReadOnlyList<string> Metrics);
