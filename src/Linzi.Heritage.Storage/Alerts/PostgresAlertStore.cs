using System.Data.Common;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Alerts, their histories and the change feed in PostgreSQL (<see cref="PostgresMigrations"/>). Every instance must hold
/// the same integrity key. Every instance's ledger writes here; a commit checks the ledger's version, so a ledger
/// deciding on stale state (another instance committed meanwhile) is refused and decides again.
/// </summary>
public sealed class PostgresAlertStore(PostgresDatabase database, IntegrityKey key) : RelationalAlertStore(key)
{
    /// <summary>The session advisory lock key the ledger is held with ("LZAL").</summary>
    public const long LedgerLockKey = 0x4C5A414C;

    /// <inheritdoc />
    public override bool Shared => true;

    /// <inheritdoc />
    /// <remarks>
    /// A session advisory lock on a connection of its own, released when disposed (and by the server if this process
    /// dies, when its connection closes).
    /// </remarks>
    public override IDisposable HoldLedger()
    {
        var connection = database.Open();
        try
        {
            Sql.Execute(connection, "SELECT pg_advisory_lock(@p0)", LedgerLockKey);
            return new Held(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(DbConnection connection) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Sql.Execute(connection, "SELECT pg_advisory_unlock(@p0)", LedgerLockKey);
            }
            finally
            {
                connection.Dispose(); // Returned to the pool reset (DISCARD ALL), which would release it anyway.
            }
        }
    }

    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();

    /// <inheritdoc />
    protected override string JsonArrayHolds(string column, string parameter) => $"jsonb_exists({column}::jsonb, {parameter})";
}
