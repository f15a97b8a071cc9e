namespace Linzi.Heritage.Domain.Alerts;

/// <summary>One append-only entry of an alert's history: who did what, when, and why. Immutable.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Type"><c>raised</c>, <c>acknowledged</c>, <c>escalated</c> or <c>resolved</c>.</param>
/// <param name="Actor">Username, or <c>system</c> for the rules engine.</param>
/// <param name="At">When it happened.</param>
/// <param name="Note">Free text from the actor.</param>
/// <param name="Disposition">For <c>resolved</c>: handled, false_alarm or maintenance.</param>
public sealed record AlertEvent(string AlertId, string Type, string Actor, DateTimeOffset At, string? Note, string? Disposition = null)
{
    /// <summary>The actor name used for transitions the system makes itself.</summary>
    public const string SystemActor = "system";

    /// <summary>The type of the event an inspector on patrol records on reaching an acknowledged alert's location.</summary>
    public const string Arrived = "arrived";

    /// <summary>For <c>escalated</c> and <c>reminded</c>: who it went to.</summary>
    public string? To { get; init; }
}
