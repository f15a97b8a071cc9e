namespace Linzi.Heritage.Domain.Alerts;

/// <summary>The outcome of a requested alert transition.</summary>
public enum TransitionStatus
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>No alert with that id.</summary>
    NotFound,

    /// <summary>Not allowed from the alert's current state.</summary>
    Conflict,
}

/// <summary>What a raise request did.</summary>
public enum RaiseOutcome
{
    /// <summary>A new alert.</summary>
    Raised,

    /// <summary>Counted into the open alert of the same rule and subject.</summary>
    Repeated,

    /// <summary>The open alert's severity went up.</summary>
    Upgraded,

    /// <summary>Flood control refused a new alert.</summary>
    Limited,
}
