using System.Data.Common;
using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Coordination;

/// <summary>
/// Leases in one table, <c>leases(name PRIMARY KEY, owner, token, expires_ms)</c>, in SQL that SQLite and PostgreSQL
/// both run; the engines (<see cref="SqliteLeaseStore"/>, <see cref="PostgresLeaseStore"/>) open connections and own the
/// schema. Each change is one statement, so the database decides between instances that race for a lease. A row is
/// never deleted: a release only ends it, and the token keeps rising across owners.
/// </summary>
public abstract class RelationalLeaseStore : ILeaseStore
{
    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <inheritdoc />
    public Lease? TryAcquire(string name, string owner, DateTimeOffset now, TimeSpan duration)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var expires = now + duration;
        using var connection = Open();

        // The SET expressions read the row as it was; the WHERE lets the statement through only for a free lease or
        // the holder's own, so of several instances racing for it one gets a row back.
        using var command = Sql.Command(
            connection,
            """
            INSERT INTO leases(name, owner, token, expires_ms) VALUES (@p0, @p1, 1, @p3)
            ON CONFLICT(name) DO UPDATE SET
                token = CASE WHEN leases.owner = excluded.owner AND leases.expires_ms > @p2 THEN leases.token ELSE leases.token + 1 END,
                owner = excluded.owner,
                expires_ms = excluded.expires_ms
            WHERE leases.expires_ms <= @p2 OR leases.owner = excluded.owner
            RETURNING token
            """,
            name, owner, nowMs, expires.ToUnixTimeMilliseconds());
        return command.ExecuteScalar() is long token ? new Lease(name, owner, token, expires) : null;
    }

    /// <inheritdoc />
    public Lease? Renew(Lease lease, DateTimeOffset now, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var expires = now + duration;
        using var connection = Open();
        var renewed = Sql.Execute(
            connection,
            "UPDATE leases SET expires_ms = @p4 WHERE name = @p0 AND owner = @p1 AND token = @p2 AND expires_ms > @p3",
            lease.Name, lease.Owner, lease.Token, now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds());
        return renewed == 1 ? lease with { ExpiresAt = expires } : null;
    }

    /// <inheritdoc />
    public void Release(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        using var connection = Open();
        Sql.Execute(
            connection, "UPDATE leases SET expires_ms = 0 WHERE name = @p0 AND owner = @p1 AND token = @p2", lease.Name, lease.Owner, lease.Token);
    }

    /// <inheritdoc />
    public Lease? Find(string name)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT owner, token, expires_ms FROM leases WHERE name = @p0", name);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new Lease(name, reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }
}
