namespace Linzi.Heritage.Domain.Coordination;

/// <summary>
/// A lease on one piece of single-owner work (the escalation sweep, the outbox dispatcher, retention…), held by one
/// instance until <see cref="ExpiresAt"/>. <see cref="Token"/> is its fencing token: it rises every time the lease
/// changes hands, so a write that carries an older token comes from an owner that has lost the lease.
/// </summary>
public sealed record Lease(string Name, string Owner, long Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Port: leases shared by every instance. Times come from each caller's clock, so the instances' clocks must agree to
/// well within a lease's duration. Thread-safe, and atomic across instances.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when nobody holds it at <paramref name="now"/> (never held, expired or released): with a token
    /// one above the last. Renews it when <paramref name="owner"/> holds it already, keeping the token. Null when
    /// another owner holds it.
    /// </summary>
    Lease? TryAcquire(string name, string owner, DateTimeOffset now, TimeSpan duration);

    /// <summary>
    /// Extends a lease still held with its token at <paramref name="now"/>; null when it expired or passed to another
    /// owner, and then the holder must stop the work.
    /// </summary>
    Lease? Renew(Lease lease, DateTimeOffset now, TimeSpan duration);

    /// <summary>Gives the lease up, if still held with its token, so that another instance can take it at once.</summary>
    void Release(Lease lease);

    /// <summary>The lease's last holder and token (expired or released ones too), or null when it was never held.</summary>
    Lease? Find(string name);
}
