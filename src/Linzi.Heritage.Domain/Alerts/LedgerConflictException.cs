namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// A ledger commit was refused because another writer (another instance sharing the store) committed since the
/// ledger last read the store: what it decided may rest on stale state. Nothing was written; the ledger reloads and
/// decides again.
/// </summary>
public sealed class LedgerConflictException : Exception
{
    /// <summary>A conflict with the version the writer expected.</summary>
    public LedgerConflictException(long expectedVersion)
        : base($"Another writer committed to the alert ledger after version {expectedVersion}.") => ExpectedVersion = expectedVersion;

    /// <summary>A conflict.</summary>
    public LedgerConflictException()
    {
    }

    /// <summary>A conflict with a message.</summary>
    public LedgerConflictException(string message)
        : base(message)
    {
    }

    /// <summary>A conflict with a message and its cause.</summary>
    public LedgerConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The version the writer had read.</summary>
    public long ExpectedVersion { get; }
}
