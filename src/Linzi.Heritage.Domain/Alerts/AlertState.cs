using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>Where an alert is in its lifecycle.</summary>
public enum AlertState
{
    /// <summary>Raised, nobody has acted yet.</summary>
    [WireName("open")]
    Open,

    /// <summary>Someone responsible has seen it and is on the way.</summary>
    [WireName("acknowledged")]
    Acknowledged,

    /// <summary>Nobody acted in time, so it went up the chief chain.</summary>
    [WireName("escalated")]
    Escalated,

    /// <summary>Closed with a disposition.</summary>
    [WireName("resolved")]
    Resolved,
}

/// <summary>Wire names of alert states (forwards to <see cref="WireName"/>, kept for its callers) and resolve dispositions.</summary>
public static class AlertNames
{
    /// <summary>The dispositions <c>resolve</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Dispositions = ["handled", "false_alarm", "maintenance"];

    /// <summary>Returns <c>open</c>, <c>acknowledged</c>, <c>escalated</c> or <c>resolved</c>.</summary>
    public static string ToWire(this AlertState state) => WireName.Of(state);

    /// <summary>Parses a wire name.</summary>
    public static bool TryParseState(string? value, out AlertState state) => WireName.TryParse(value, out state);
}
