using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Ingestion.Decoding;

/// <summary>Either the readings of a payload, or why it was refused (a reason code and a detail naming the field).</summary>
public readonly record struct DecodeResult(IReadOnlyList<Reading>? Readings, string? Reason, string? Detail)
{
    /// <summary>True when the payload was accepted.</summary>
    public bool Ok => Readings is not null;

    internal static DecodeResult Fail(string reason, string detail) => new(null, reason, detail);
}
