namespace Linzi.Heritage.Domain.Patrols;

/// <summary>A patrol as stored, with the version a change must name (so two writers never both apply).</summary>
public sealed record StoredPatrol(Patrol Patrol, long Version);

/// <summary>A visit and the inspector who made it.</summary>
public sealed record InspectorVisit(string Inspector, PatrolVisit Visit);

/// <summary>
/// A change to a patrol: its new state, its visits so far, and the positions of the batch, accepted and refused
/// (kept for the patrol's track and for inspection, deleted after the retention period).
/// </summary>
public sealed record PatrolChange(
    Patrol Patrol, long Version, IReadOnlyList<PatrolVisit> Visits, IReadOnlyList<PatrolPosition> Accepted, IReadOnlyList<RejectedPosition> Rejected);

/// <summary>A position of a patrol's track as stored; <see cref="Rejected"/> says why it was refused, or null.</summary>
public sealed record TrackPoint(PatrolPosition Position, string? Rejected);

/// <summary>Port: patrols, their visits and positions, and the cells' patrol duties. Thread-safe.</summary>
public interface IPatrolStore
{
    /// <summary>
    /// Stores a new patrol at version 1; false, storing nothing, when it runs and its inspector has a running patrol
    /// already: an inspector has at most one, however many instances share the store.
    /// </summary>
    bool Create(Patrol patrol);

    /// <summary>The patrol and its version; null when there is none.</summary>
    StoredPatrol? Find(string id);

    /// <summary>The running patrol of an inspector; null when none runs.</summary>
    StoredPatrol? Running(string inspector);

    /// <summary>Applies a change made from <see cref="PatrolChange.Version"/>, all or none; false when another came first.</summary>
    bool Save(PatrolChange change);

    /// <summary>Visits that arrived or left in [from, to), oldest first.</summary>
    IReadOnlyList<InspectorVisit> Visits(DateTimeOffset from, DateTimeOffset to);

    /// <summary>A patrol's positions, oldest first.</summary>
    IReadOnlyList<TrackPoint> Track(string patrolId);

    /// <summary>Deletes positions taken before <paramref name="before"/> (the visits stay); returns how many.</summary>
    int DeletePositionsBefore(DateTimeOffset before);

    /// <summary>Keeps a visit report.</summary>
    void AddReport(VisitReport report);

    /// <summary>A patrol's visit reports, oldest first.</summary>
    IReadOnlyList<VisitReport> ReportsOf(string patrolId);

    /// <summary>Visit reports recorded in [from, to), oldest first.</summary>
    IReadOnlyList<VisitReport> Reports(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Every duty in force, with where the monitor stands with it.</summary>
    IReadOnlyList<(PatrolDuty Duty, DutyJudgement Judgement)> Duties();

    /// <summary>
    /// Every cell's duty in one read: those in force and those the bureau withdrew (<see cref="PatrolDuty.EndedAt"/>),
    /// which are kept for reports on the periods they governed.
    /// </summary>
    IReadOnlyList<(PatrolDuty Duty, DutyJudgement Judgement)> AllDuties();

    /// <summary>A cell's duty, in force or withdrawn; null when it never had one.</summary>
    PatrolDuty? Duty(string cellId);

    /// <summary>Sets a cell's duty (insert or replace, a withdrawn one too); the monitor's judgement of the cell is kept.</summary>
    void PutDuty(PatrolDuty duty);

    /// <summary>
    /// Withdraws the cell's duty in force at <paramref name="at"/>, in one step: of two withdrawals at once only one
    /// succeeds. The missed deadline the monitor holds is kept, so that its next round clears that alert. Returns the
    /// duty as it was; null when none was in force.
    /// </summary>
    PatrolDuty? WithdrawDuty(string cellId, DateTimeOffset at);

    /// <summary>Records where the monitor stands with a cell's duty.</summary>
    void SaveJudgement(string cellId, DutyJudgement judgement);
}
