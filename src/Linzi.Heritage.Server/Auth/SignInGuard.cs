using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.RateLimiting;
using Linzi.Heritage.Domain.Audit;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// The per-username half of the sign-in defences (the per-address half is a rate-limiter policy,
/// <see cref="SignInLimits"/>, which cannot see the username in the body): a rate limit per username, and a lockout
/// after failures in a row that doubles with each further lockout and ends with a success. Every outcome is logged
/// and audited (entity <c>sign-in</c>, id the username; never a password). Usernames are compared ignoring case, so
/// "Bureau" counts against "bureau". Unknown usernames are treated exactly as known ones: a lockout must not tell
/// that a username exists. Thread-safe.
/// </summary>
/// <remarks>
/// In memory: a restart forgets failures (a guesser gains one round of guesses per restart), and with several
/// instances each counts its own. REVIEW: keep it in the shared state store once several instances are common.
/// </remarks>
public sealed class SignInGuard : IDisposable
{
    /// <summary>The audit entity of sign-ins.</summary>
    public const string AuditEntity = "sign-in";

    // Usernames an attacker makes up fill this table; past this size, entries not locked right now are dropped (their
    // count of failures and back-off level restart). The per-address limit keeps one client far from it.
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<string> _perUsername;
    private readonly SignInOptions _options;
    private readonly TimeProvider _time;
    private readonly IAuditLog _audit;
    private readonly ILogger<SignInGuard> _logger;

    public SignInGuard(IOptions<SignInOptions> options, TimeProvider time, IAuditLog audit, ILogger<SignInGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _audit = audit;
        _logger = logger;
        var (permits, window) = (_options.PermitsPerUsername, _options.Window);
        _perUsername = PartitionedRateLimiter.Create<string, string>(
            name => RateLimitPartition.Get(name, _ => new ClockedWindowLimiter(permits, window, time)), StringComparer.Ordinal);
    }

    /// <summary>Takes one attempt from the username's allowance: null when allowed, else how long until the next.</summary>
    public TimeSpan? Throttled(string username, string address)
    {
        using var lease = _perUsername.AttemptAcquire(Key(username));
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _options.Window;
        _logger.SignInThrottled("username", username, address);
        return retryAfter;
    }

    /// <summary>How long the username stays locked, or null when it is not.</summary>
    public TimeSpan? LockedFor(string username, string address)
    {
        var now = _time.GetUtcNow();
        if (!_failures.TryGetValue(Key(username), out var failures) || failures.LockedUntil <= now)
        {
            return null;
        }

        _logger.SignInRefusedWhileLocked(username, address);
        return failures.LockedUntil - now;
    }

    /// <summary>Counts a failed sign-in; locks the username when it is one too many.</summary>
    public void Failed(string username, string address, string reason)
    {
        var now = _time.GetUtcNow();
        if (_failures.Count >= MaxTracked)
        {
            Prune(now);
        }

        var failures = _failures.AddOrUpdate(Key(username), static (_, state) => state.Guard.Next(Failures.None, state.Now),
            static (_, old, state) => state.Guard.Next(old, state.Now), (Guard: this, Now: now));
        _logger.SignInFailed(username, address, reason);
        _audit.Record(AuditEntity, username, "failed", "anonymous", now, null, JsonSerializer.Serialize(new { address, reason }));
        if (failures.InARow == 0)
        {
            var duration = failures.LockedUntil - now;
            _logger.SignInLocked(username, (int)duration.TotalSeconds, _options.LockoutAfterFailures, failures.Lockouts);
            _audit.Record(AuditEntity, username, "locked", "anonymous", now, null,
                JsonSerializer.Serialize(new { address, seconds = (int)duration.TotalSeconds, lockout = failures.Lockouts }));
        }
    }

    /// <summary>A successful sign-in: forgets the username's failures and back-off.</summary>
    public void Succeeded(string username, string address)
    {
        _failures.TryRemove(Key(username), out _);
        _audit.Record(AuditEntity, username, "signed-in", username, _time.GetUtcNow(), null, JsonSerializer.Serialize(new { address }));
    }

    /// <inheritdoc />
    public void Dispose() => _perUsername.Dispose();

    private static string Key(string username) => username.ToLowerInvariant();

    // One more failure. At the threshold the username locks, for the base duration doubled per earlier lockout (up to
    // the maximum), and the count in a row starts again.
    private Failures Next(Failures old, DateTimeOffset now)
    {
        var inARow = old.InARow + 1;
        if (inARow < _options.LockoutAfterFailures)
        {
            return old with { InARow = inARow };
        }

        var lockouts = old.Lockouts + 1;
        var doubled = _options.LockoutDuration * Math.Pow(2, Math.Min(lockouts - 1, 20));
        var duration = doubled < _options.MaxLockoutDuration ? doubled : _options.MaxLockoutDuration;
        return new Failures(0, lockouts, now + duration);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (failures.LockedUntil <= now)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Failures(int InARow, int Lockouts, DateTimeOffset LockedUntil)
    {
        public static Failures None { get; } = new(0, 0, DateTimeOffset.MinValue);
    }
}
