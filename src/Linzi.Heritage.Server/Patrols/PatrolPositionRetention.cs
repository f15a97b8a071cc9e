using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// Hourly, deletes patrol positions older than <see cref="PatrolOptions.PositionRetention"/>: an inspector's location
/// is personal data, kept for patrols only and only for a while; the visits stay as the record of duty done. Every
/// instance may run it: the delete is the same whoever runs it.
/// </summary>
public sealed class PatrolPositionRetention(IPatrolStore store, IOptions<PatrolOptions> options, TimeProvider time, ILogger<PatrolPositionRetention> logger)
    : PeriodicService(time)
{
    /// <summary>Deletes what is past retention; returns how many positions. Tests call it directly.</summary>
    public int SweepOnce() => store.DeletePositionsBefore(Time.GetUtcNow() - options.Value.PositionRetention);

    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    protected override bool RunAtStart => true;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = SweepOnce();
        if (deleted > 0)
        {
            logger.PatrolPositionsExpired(deleted);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.PatrolRetentionFailed(exception);
}
