using System.Globalization;
using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>What became of a request to change a patrol.</summary>
public enum PatrolOutcome
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>No such patrol.</summary>
    NotFound,

    /// <summary>Not the caller's patrol.</summary>
    NotYours,

    /// <summary>The patrol has ended: it takes no more positions.</summary>
    Ended,
}

/// <summary>
/// Starts and ends patrols and feeds them positions: the tracker judges each batch against the patrol's last stored
/// state, and the store takes the result only if nobody changed the patrol meanwhile (otherwise it judges again), so
/// two requests at once, even on two instances, never lose a position. Starts and ends go to the audit log.
/// </summary>
public sealed class PatrolRecorder(
    IPatrolStore store, RegistryHolder registry, PatrolArrivals arrivals, IAuditLog audit, TimeProvider time, IOptions<PatrolOptions> options,
    ILogger<PatrolRecorder> logger)
{
    private const int Attempts = 5;

    // A double tap on the start button must not start two patrols. The database is the guard (its unique index refuses
    // a second running patrol of one inspector, whichever instance inserts it); starts on this instance also take
    // turns (they are rare), so a double tap here finds the first in one round trip instead of being refused.
    private readonly Lock _starting = new();

    /// <summary>The tracker's limits in force.</summary>
    public PatrolLimits Limits => options.Value.Limits;

    /// <summary>A patrol as the API shows it now (visits so far, how long a running one's phone has been silent).</summary>
    public PatrolDto View(Patrol patrol) => PatrolDto.From(patrol, Limits.MinDwell, time.GetUtcNow());

    /// <summary>
    /// Starts a patrol for the inspector, or returns the one already running (a phone that restarted resumes it, and of
    /// two starts at once, on one instance or on two, the second gets the first's patrol).
    /// </summary>
    public (Patrol Patrol, bool Created) Start(string inspector)
    {
        Patrol patrol;
        lock (_starting)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (store.Running(inspector) is { } running)
                {
                    return (running.Patrol, false);
                }

                var now = time.GetUtcNow();
                patrol = new Patrol("P" + Guid.CreateVersion7(now).ToString("N"), inspector, now, null);
                if (store.Create(patrol))
                {
                    break;
                }

                // Another instance started one since we looked: the next look finds it (unless it ended meanwhile).
                if (attempt == Attempts)
                {
                    throw new InvalidOperationException($"Inspector {inspector}'s patrols kept starting and ending under {Attempts} attempts to start one.");
                }
            }
        }

        Audit(patrol, "started", inspector);
        return (patrol, true);
    }

    /// <summary>Feeds positions to the caller's running patrol, and records the arrivals at alerts they make.</summary>
    public async Task<(PatrolOutcome Outcome, TrackResult? Result)> AddAsync(string id, string user, IReadOnlyList<PatrolPosition> positions)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Check(id, user, out var stored) is var outcome && outcome != PatrolOutcome.Done)
            {
                return (outcome, null);
            }

            // A batch reaching back before the last accepted position, or sent to a patrol that has refused positions
            // (a resend of refused ones lies after the last accepted), may be a resend whose answer the phone lost:
            // what was judged already is left out. Otherwise the track need not be read.
            var fresh = (stored!.Patrol.Last is { } last && positions.Any(p => p.Ts <= last.Ts)) || stored.Patrol.RejectedPositions > 0
                ? PatrolTracking.Unseen(positions, store.Track(id).Select(t => t.Position))
                : PatrolTracking.Unseen(positions, []);
            var result = PatrolTracking.Track(stored.Patrol, fresh, registry.Current.Index, Limits, time.GetUtcNow());
            var change = new PatrolChange(result.Patrol, stored.Version, result.Patrol.VisitsSoFar(Limits.MinDwell), result.Accepted, result.Rejected);
            if (store.Save(change))
            {
                if (result.Rejected.Count > 0)
                {
                    var reasons = string.Join(", ", result.Rejected.GroupBy(r => r.Reason).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}")));
                    logger.PatrolPositionsRefused(id, user, result.Rejected.Count, reasons);
                }

                await arrivals.RecordAsync(user, result.Accepted);
                return (PatrolOutcome.Done, result);
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"Patrol {id} kept changing under {Attempts} attempts to add positions.");
            }
        }
    }

    /// <summary>Ends the caller's patrol; ending one that has ended returns it as it is.</summary>
    public (PatrolOutcome Outcome, Patrol? Patrol) End(string id, string user)
    {
        for (var attempt = 0; ; attempt++)
        {
            var outcome = Check(id, user, out var stored);
            if (outcome == PatrolOutcome.Ended)
            {
                return (PatrolOutcome.Done, stored!.Patrol);
            }

            if (outcome != PatrolOutcome.Done)
            {
                return (outcome, null);
            }

            var ended = PatrolTracking.End(stored!.Patrol, time.GetUtcNow(), Limits);
            if (store.Save(new PatrolChange(ended, stored.Version, ended.Visits, [], [])))
            {
                Audit(ended, "ended", user);
                return (PatrolOutcome.Done, ended);
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"Patrol {id} kept changing under {Attempts} attempts to end it.");
            }
        }
    }

    private PatrolOutcome Check(string id, string user, out StoredPatrol? stored)
    {
        stored = store.Find(id);
        return stored is null ? PatrolOutcome.NotFound
            : stored.Patrol.Inspector != user ? PatrolOutcome.NotYours
            : !stored.Patrol.IsActive ? PatrolOutcome.Ended
            : PatrolOutcome.Done;
    }

    // The start and the end with its visits, as evidence of duty done (the hash-chained audit log).
    private void Audit(Patrol patrol, string action, string user)
    {
        var visits = patrol.Visits.Select(VisitDto.From).ToList();
        audit.Record("patrol", patrol.Id, action, user, time.GetUtcNow(), null, JsonSerializer.Serialize(new { patrol.Inspector, patrol.StartedAt, patrol.EndedAt, visits }));
        logger.PatrolChanged(patrol.Id, action, user);
    }
}
