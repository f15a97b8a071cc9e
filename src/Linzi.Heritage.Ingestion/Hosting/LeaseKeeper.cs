using System.Data.Common;
using Linzi.Heritage.Domain.Coordination;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Hosting;

/// <summary>
/// The leases this instance holds on single-owner work (<see cref="SingleOwnerWork"/>): each job asks
/// <see cref="Hold"/> before a round and skips it unless this instance is the owner, so with several instances on
/// one state store the work runs on exactly one. A lease is renewed once half of it has run, so the store sees one
/// statement per job every half lease; a crashed owner's lease simply runs out and the next instance to ask takes it
/// with a higher token. The embedded store works the same way with one instance, which always wins.
/// </summary>
/// <remarks>
/// A lease alone cannot stop an owner paused mid-round (a long GC, a frozen VM) from acting after its lease passed on.
/// The work's own writes are fenced instead: alert changes by the alert ledger's version check (a stale decision is
/// refused and made again on fresh state), and notifications carry their idempotency key to the receiver.
/// </remarks>
public sealed class LeaseKeeper(ILeaseStore store, TimeProvider time, IOptions<CoordinationOptions> options, ILogger<LeaseKeeper> logger)
    : IHostedService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lease> _held = new(StringComparer.Ordinal);

    /// <summary>This instance's name in the leases.</summary>
    public string InstanceId => options.Value.InstanceId;

    /// <summary>
    /// The lease on <paramref name="work"/> while this instance holds it (taken or renewed as needed); null while
    /// another instance does, or when the store cannot be reached (then nobody should assume the work is theirs).
    /// </summary>
    public Lease? Hold(string work)
    {
        ArgumentException.ThrowIfNullOrEmpty(work);
        var now = time.GetUtcNow();
        var duration = options.Value.LeaseDuration;
        lock (_lock)
        {
            _held.TryGetValue(work, out var held);
            if (held is not null && held.ExpiresAt - now > duration / 2)
            {
                return held;
            }

            Lease? lease;
            try
            {
                lease = store.TryAcquire(work, InstanceId, now, duration);
            }
            catch (DbException ex)
            {
                _held.Remove(work);
                logger.LeaseCheckFailed(ex, work);
                return null;
            }

            if (lease is null)
            {
                if (_held.Remove(work))
                {
                    logger.LeaseLost(work, InstanceId);
                }

                return null;
            }

            if (held?.Token != lease.Token)
            {
                logger.LeaseTaken(work, InstanceId, lease.Token);
            }

            _held[work] = lease;
            return lease;
        }
    }

    /// <summary>True while this instance holds <paramref name="work"/>'s lease (see <see cref="Hold"/>).</summary>
    public bool Holds(string work) => Hold(work) is not null;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Gives every lease up on a clean stop, so that another instance takes the work at once (a rolling restart).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var lease in _held.Values)
            {
                try
                {
                    store.Release(lease);
                }
                catch (DbException ex)
                {
                    logger.LeaseCheckFailed(ex, lease.Name); // It runs out by itself.
                }
            }

            _held.Clear();
        }

        return Task.CompletedTask;
    }
}
