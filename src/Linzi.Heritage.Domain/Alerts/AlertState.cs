namespace Linzi.Heritage.Domain.Alerts;

/// <summary>Where an alert is in its lifecycle.</summary>
public enum AlertState
{
    /// <summary>Raised, nobody has acted yet.</summary>
    Open,

    /// <summary>Someone responsible has seen it and is on the way.</summary>
    Acknowledged,

    /// <summary>Nobody acted in time, so it went up the chief chain.</summary>
    Escalated,

    /// <summary>Closed with a disposition.</summary>
    Resolved,
}

/// <summary>Wire names of alert states and resolve dispositions.</summary>
public static class AlertNames
{
    /// <summary>The dispositions <c>resolve</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Dispositions = ["handled", "false_alarm", "maintenance"];

    /// <summary>Returns <c>open</c>, <c>acknowledged</c>, <c>escalated</c> or <c>resolved</c>.</summary>
    public static string ToWire(this AlertState state) => state switch
    {
        AlertState.Open => "open",
        AlertState.Acknowledged => "acknowledged",
        AlertState.Escalated => "escalated",
        AlertState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>Parses a wire name.</summary>
    public static bool TryParseState(string? value, out AlertState state)
    {
        (state, var ok) = value switch
        {
            "open" => (AlertState.Open, true),
            "acknowledged" => (AlertState.Acknowledged, true),
            "escalated" => (AlertState.Escalated, true),
            "resolved" => (AlertState.Resolved, true),
            _ => (default, false),
        };
        return ok;
    }
}
