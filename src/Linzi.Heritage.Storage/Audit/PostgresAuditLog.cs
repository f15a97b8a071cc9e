using System.Data.Common;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Audit;

/// <summary>
/// The audit log in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>). Every instance must hold
/// the same integrity key: an entry appended under another key breaks the chain where it stands.
/// </summary>
public sealed class PostgresAuditLog : RelationalAuditLog
{
    private readonly PostgresDatabase _database;

    /// <summary>Records the key's scheme on first use (a PostgreSQL log is chained from its first entry).</summary>
    public PostgresAuditLog(PostgresDatabase database, IntegrityKey key, TimeProvider? time = null)
        : base(key)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        using var connection = _database.Open();
        if (IntegrityMeta.Get(connection, MetaName) is null)
        {
            Sql.Execute(
                connection, "INSERT INTO integrity_meta(name, value, at_ms) VALUES (@p0, @p1, @p2) ON CONFLICT(name) DO NOTHING",
                MetaName, IntegrityMeta.Scheme(key), (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();

    // Other instances append to the same chain: the table lock (readers still read) makes them take turns until commit.
    /// <inheritdoc />
    protected override void LockChain(DbConnection connection) => Sql.Execute(connection, "LOCK TABLE audit_log IN EXCLUSIVE MODE");
}
