namespace Linzi.Heritage.Contracts.Api;

/// <summary>
/// The answer of <c>GET /api/vocabulary</c>: the device kinds and metric names of
/// <see cref="Vocabulary.DeviceKinds"/> and <see cref="Vocabulary.MetricNames"/>, so clients (the maintenance console)
/// offer what the server knows instead of keeping a copy.
/// </summary>
/// <param name="DeviceKinds">Every kind in the contract's order, with its default metrics.</param>
/// <param name="Metrics">Every metric name the contract fixes.</param>
/// <param name="MetricLabels">
/// Each metric's name for people in Chinese and English and its unit, for the metrics above and the ones rules put on
/// alerts (<c>silence_s</c>…); pages write alerts as 振动速度 0.9 mm/s from these. Added later: optional for clients.
/// </param>
public sealed record VocabularyDto(IReadOnlyList<DeviceKindDto> DeviceKinds, IReadOnlyList<string> Metrics, IReadOnlyList<MetricLabelDto>? MetricLabels = null);

/// <summary>A device kind and the metrics it sends by default (used when provisioning names none).</summary>
/// <param name="Kind">The kind, such as <c>vibration</c>.</param>
/// <param name="Metrics">Its default metrics, such as <c>ppv_mm_s</c> and <c>freq_hz</c>.</param>
public sealed record DeviceKindDto(string Kind, IReadOnlyList<string> Metrics);

/// <summary>A metric as people name it.</summary>
/// <param name="Name">The metric name, such as <c>ppv_mm_s</c>.</param>
/// <param name="Zh">Chinese name, such as 振动速度.</param>
/// <param name="En">English name, such as Vibration (PPV).</param>
/// <param name="Unit">Unit symbol, such as mm/s; empty when it has none.</param>
public sealed record MetricLabelDto(string Name, string Zh, string En, string Unit);
