using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// Watches patrol duties like silent sensors: when a cell's period passes its deadline without a visit, raises
/// <c>patrol-missed</c> to the cell's chain (escalation applies), and clears it on the next visit. Single owner: with
/// several instances it runs on the one holding the lease, and where it stands with each cell is stored, so a period
/// is judged once whichever instance takes over.
/// </summary>
public sealed class PatrolDutyMonitor(
    IPatrolStore store,
    RegistryHolder registry,
    IPatrolAlerts alerts,
    TimeProvider time,
    IOptions<PatrolOptions> options,
    LeaseKeeper leases,
    ILogger<PatrolDutyMonitor> logger) : PeriodicService(time, leases, SingleOwnerWork.PatrolDuties)
{
    // How far back the last visit before a miss is looked for, for the alert's message: the longest period the
    // calendar allows, and a margin.
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(400);

    // Visits are read by arrival: one that began this long before a period may still overlap it (a day-long stay).
    private static readonly TimeSpan LongestStay = TimeSpan.FromDays(1);

    /// <summary>Judges every duty now; returns how many missed-patrol alerts it raised. Tests call it directly.</summary>
    public async Task<int> CheckAsync()
    {
        var now = Time.GetUtcNow();
        var snapshot = registry.Current;
        var all = store.AllDuties();
        await ClearWithdrawnAsync(all);
        var duties = all.Where(d => d.Duty.EndedAt is null).ToList();
        if (duties.Count == 0)
        {
            return 0;
        }

        // Only what the verdicts need: on most minutes every period due is judged and nothing is open, and none is read.
        var needed = duties.Select(d => DutyVerdict.VisitsNeededFrom(d.Duty, d.Judgement, now)).OfType<DateTimeOffset>().ToList();
        if (needed.Count == 0)
        {
            return 0;
        }

        var visits = store.Visits(needed.Min() - LongestStay, now + TimeSpan.FromMinutes(1)).Select(v => v.Visit).ToLookup(v => v.CellId, StringComparer.Ordinal);
        var raised = 0;
        ILookup<string, PatrolVisit>? lastYear = null; // read once, and only when a miss is raised
        foreach (var (duty, judgement) in duties)
        {
            if (!snapshot.Cells.TryGetValue(duty.CellId, out var cell))
            {
                continue; // A duty outlives its cell's removal; nobody could answer for it.
            }

            var cellVisits = visits[duty.CellId].ToList();
            var verdict = DutyVerdict.Judge(duty, judgement, cellVisits, now);
            if (verdict.Clear)
            {
                await alerts.ClearMissedAsync(duty.CellId, "patrolled again");
            }

            if (verdict.Missed is { } missed)
            {
                lastYear ??= store.Visits(now - LookBack, now).Select(v => v.Visit).ToLookup(v => v.CellId, StringComparer.Ordinal);
                var last = lastYear[duty.CellId].Where(v => v.LeftAt < missed.Deadline).Select(v => (DateTimeOffset?)v.LeftAt).Max();
                var hours = Math.Round((missed.Deadline - (last ?? duty.SetAt)).TotalHours, 1);
                await alerts.RaiseMissedAsync(cell, SiteOf(snapshot, cell), hours, Message(duty, cell, missed, last), missed.Deadline);
                logger.PatrolMissed(duty.CellId, missed.Deadline);
                raised++;
            }

            if (verdict.Judgement != judgement)
            {
                store.SaveJudgement(duty.CellId, verdict.Judgement);
            }
        }

        return raised;
    }

    // A withdrawn duty whose missed deadline is still held: a round that began before the withdrawal raised its alert
    // (or the withdrawal could not clear it). Nothing else would ever clear that alert.
    private async Task ClearWithdrawnAsync(IEnumerable<(PatrolDuty Duty, DutyJudgement Judgement)> all)
    {
        foreach (var (duty, _) in all.Where(d => d.Duty.EndedAt is not null && d.Judgement.MissedDeadline is not null))
        {
            await alerts.ClearMissedAsync(duty.CellId, "patrol duty withdrawn");
            store.SaveJudgement(duty.CellId, DutyJudgement.None);
        }
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.DutyCheckInterval;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.PatrolDutyCheckFailed(exception);

    // The site whose zone covers the middle of the cell, for the alert's site; null when none does.
    private static string? SiteOf(RegistrySnapshot snapshot, GridCell cell)
    {
        var middle = cell.Area.InteriorPoint;
        var zones = snapshot.Index.Locate(middle.Y, middle.X).Zones;
        return zones.Count > 0 ? zones[0].SiteId : null;
    }

    private static string Message(PatrolDuty duty, GridCell cell, DutyPeriod missed, DateTimeOffset? last)
    {
        var zone = duty.Zone;
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var since = last is { } seen ? $"last visit {Local(seen)}" : "no visit on record";
        return $"巡查未按时完成 Patrol missed: {cell.Name} ({cell.Id}) was not visited {Local(missed.CountFrom)}–{Local(missed.Deadline)} " +
            $"(duty {PatrolReport.Describe(duty)}; {since})";
    }
}
