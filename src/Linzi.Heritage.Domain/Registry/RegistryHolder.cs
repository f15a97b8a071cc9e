namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// Holds the current <see cref="RegistrySnapshot"/>. Readers take <see cref="Current"/> once per batch and use it
/// throughout; writers swap in a whole new snapshot. Thread-safe: updates are serialised by a lock, reads are a
/// single volatile load.
/// </summary>
public sealed class RegistryHolder
{
    private readonly Lock _writeLock = new();
    private volatile RegistrySnapshot _current = RegistrySnapshot.Empty;

    /// <summary>The snapshot in force now.</summary>
    public RegistrySnapshot Current => _current;

    /// <summary>Replaces the snapshot.</summary>
    public void Set(RegistrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_writeLock)
        {
            _current = snapshot;
        }
    }

    /// <summary>Applies a change to the current snapshot atomically with respect to other updates.</summary>
    public RegistrySnapshot Update(Func<RegistrySnapshot, RegistrySnapshot> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_writeLock)
        {
            var next = change(_current);
            _current = next;
            return next;
        }
    }
}
