using System.Data.Common;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Alerts, their histories and the change feed in PostgreSQL (<see cref="PostgresMigrations"/>). Every instance must hold
/// the same integrity key. Every instance's ledger writes here; a commit checks the ledger's version, so a ledger
/// deciding on stale state (another instance committed meanwhile) is refused and decides again.
/// </summary>
public sealed class PostgresAlertStore(PostgresDatabase database, IntegrityKey key) : RelationalAlertStore(key)
{
    /// <inheritdoc />
    public override bool Shared => true;

    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();

    /// <inheritdoc />
    protected override string JsonArrayHolds(string column, string parameter) => $"jsonb_exists({column}::jsonb, {parameter})";
}
