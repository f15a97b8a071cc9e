using System.Threading.RateLimiting;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// A fixed-window limiter (so many permits per window, no queue) whose windows follow a <see cref="TimeProvider"/>.
/// The framework's <see cref="FixedWindowRateLimiter"/> replenishes on the wall clock with a timer of its own, so
/// tests on the fake clock could neither see a window end nor rely on one not ending; with this one the window ends
/// exactly when the app's clock says so. A window opens at the first request after the previous one closed.
/// Thread-safe.
/// </summary>
public sealed class ClockedWindowLimiter(int permitLimit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;

    /// <summary>
    /// Null while the window holds permits; how long ago it closed afterwards. The partitioned limiter forgets a
    /// partition that has been idle a while, which loses nothing here: a closed window has nothing to remember.
    /// </summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_gate)
            {
                return now >= _windowEnd ? now - _windowEnd : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = time.GetUtcNow() >= _windowEnd ? permitLimit : permitLimit - _used };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now >= _windowEnd)
            {
                _windowEnd = now + window;
                _used = 0;
            }

            if (_used + permitCount <= permitLimit)
            {
                _used += permitCount;
                return Lease.Acquired;
            }

            return new Lease(_windowEnd - now);
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount)); // No queue: a sign-in over the limit is refused, not delayed.

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => IsAcquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return !IsAcquired && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
