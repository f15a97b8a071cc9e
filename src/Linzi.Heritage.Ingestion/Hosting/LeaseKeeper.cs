using Linzi.Heritage.Domain.Coordination;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Hosting;

/// <summary>
/// The leases this instance holds on single-owner work (<see cref="SingleOwnerWork"/>): each job asks
/// <see cref="Hold"/> before a round and skips it unless this instance is the owner, so with several instances on
/// one state store the work runs on exactly one. A held lease is renewed once half of it has run, by the next
/// <see cref="Hold"/> or by this service's own timer (every third of a lease), so work whose interval is longer than
/// the lease (the silent-device sweep, hourly trimming) stays with its owner. A crashed owner's lease simply runs out
/// and the next instance to ask takes it with a higher token. The embedded store works the same way with one
/// instance, which always wins. On a clean stop no lease is taken or renewed once stopping begins, and every held
/// one is released after all other services have stopped, so the next owner takes over at once.
/// </summary>
/// <remarks>
/// A lease alone cannot stop an owner paused mid-round (a long GC, a frozen VM) from acting after its lease passed on.
/// The work's own writes are fenced instead: alert changes by the alert ledger's version check (a stale decision is
/// refused and made again on fresh state), and notifications carry their idempotency key to the receiver.
/// </remarks>
public sealed class LeaseKeeper(ILeaseStore store, TimeProvider time, IOptions<CoordinationOptions> options, ILogger<LeaseKeeper> logger)
    : BackgroundService, IHostedLifecycleService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lease> _held = new(StringComparer.Ordinal);
    private volatile bool _stopping;

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
            if (_stopping)
            {
                return null; // Stopping: the work's last rounds may finish, no new one starts here.
            }

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
#pragma warning disable CA1031 // Whatever the store throws (the database away, a pool timeout), the work must not run.
            catch (Exception ex)
#pragma warning restore CA1031
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

    /// <summary>Renews every held lease that is half run; returns how many this instance still holds. Tests call this.</summary>
    public int RenewHeld()
    {
        string[] works;
        lock (_lock)
        {
            works = [.. _held.Keys];
        }

        return works.Count(work => Hold(work) is not null);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                RenewHeld();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return Task.CompletedTask;
    }

    /// <summary>Gives every lease up once all services have stopped, so that another instance takes the work at once.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        lock (_lock)
        {
            foreach (var lease in _held.Values)
            {
                try
                {
                    store.Release(lease);
                }
#pragma warning disable CA1031 // One release that fails (the database away) must not keep the others; it runs out by itself.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.LeaseCheckFailed(ex, lease.Name);
                }
            }

            _held.Clear();
        }

        return Task.CompletedTask;
    }
}
