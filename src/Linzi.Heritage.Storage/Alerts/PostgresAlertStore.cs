using System.Data.Common;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Alerts, their histories and the change feed in PostgreSQL (<see cref="PostgresMigrations"/>). Every instance must hold
/// the same integrity key. One ledger writes at a time, as on SQLite: several instances need the ledger's work under a
/// lease first (issue 17), since the sequence is taken from <c>MaxSequence</c> at start.
/// </summary>
public sealed class PostgresAlertStore(PostgresDatabase database, IntegrityKey key) : RelationalAlertStore(key)
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();

    /// <inheritdoc />
    protected override string JsonArrayHolds(string column, string parameter) => $"jsonb_exists({column}::jsonb, {parameter})";
}
