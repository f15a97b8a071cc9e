using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Audit;

/// <summary>
/// Append-only record of security-relevant actions. Nothing updates or deletes its rows. Each entry stores
/// <c>hash = HMAC-SHA256(key, [prevHash, id, fields…])</c> under the integrity key (kept outside the database), so a
/// row changed, removed or reordered in the database breaks the chain from there on, and nobody without the key can
/// recompute it. SQL that SQLite and PostgreSQL both run; the engines (<see cref="SqliteAuditLog"/>,
/// <see cref="PostgresAuditLog"/>) open connections, own the schema and make appends take turns (<see cref="LockChain"/>).
/// Thread-safe, and safe across processes: each append holds the chain's lock until it commits.
/// </summary>
public abstract class RelationalAuditLog : IAuditLog
{
    /// <summary>The <c>integrity_meta</c> row naming the scheme the chain was keyed with.</summary>
    public const string MetaName = "audit_chain";

    private readonly IntegrityKey _key;

    /// <summary>A log chained under <paramref name="key"/>.</summary>
    protected RelationalAuditLog(IntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>The key the chain is written with.</summary>
    protected IntegrityKey Key => _key;

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>
    /// Called first in every appending transaction: afterwards no other writer can append until it commits, so the
    /// newest hash read next is still the newest when the entry is chained to it.
    /// </summary>
    protected abstract void LockChain(DbConnection connection);

    /// <summary>Appends an entry, chained to the newest one.</summary>
    public void Record(string entity, string entityId, string action, string actor, DateTimeOffset at, string? before, string? after)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        LockChain(connection);
        Append(connection, entity, entityId, action, actor, at.ToUnixTimeMilliseconds(), before, after);
        transaction.Commit();
    }

    /// <summary>Appends entries in order, each chained to the one before it, in one transaction.</summary>
    public void RecordAll(IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        LockChain(connection);
        foreach (var r in records)
        {
            Append(connection, r.Entity, r.EntityId, r.Action, r.Actor, r.At.ToUnixTimeMilliseconds(), r.Before, r.After);
        }

        transaction.Commit();
    }

    /// <summary>Entries, newest first, optionally for one entity type and id.</summary>
    public IReadOnlyList<AuditEntry> Query(string? entity, string? entityId, int limit)
    {
        using var connection = Open();
        var parameters = new SqlParameters();
        var filters = new List<string>();
        if (entity is not null)
        {
            filters.Add($"entity = {parameters.Add(entity)}");
        }

        if (entityId is not null)
        {
            filters.Add($"entity_id = {parameters.Add(entityId)}");
        }

        var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
        using var command = Sql.Command(
            connection,
            $"SELECT id, entity, entity_id, action, actor, at_ms, before, after FROM audit_log {where} ORDER BY id DESC LIMIT {parameters.Add(limit)}",
            parameters.Values);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return entries;
    }

    /// <summary>Walks the whole chain, oldest first; the first entry whose hash or link does not match is named.</summary>
    public AuditVerification Verify()
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "SELECT id, entity, entity_id, action, actor, at_ms, before, after, prev_hash, hash FROM audit_log ORDER BY id");
        using var reader = command.ExecuteReader();
        var previous = "";
        long count = 0;
        while (reader.Read())
        {
            count++;
            var id = reader.GetInt64(0);
            var storedPrevious = reader.IsDBNull(8) ? null : reader.GetString(8);
            var stored = reader.IsDBNull(9) ? null : reader.GetString(9);
            var expected = Hash(
                previous, id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            if (storedPrevious != previous)
            {
                return new AuditVerification(false, count, id, "the entry does not follow the one before it (an entry was removed, inserted or reordered)", null);
            }

            if (stored != expected)
            {
                return new AuditVerification(false, count, id, "the entry's content does not match its hash (altered, or chained with another key)", null);
            }

            previous = stored;
        }

        return new AuditVerification(true, count, null, null, count == 0 ? null : previous);
    }

    /// <summary>The newest entry's id and hash and the number of entries.</summary>
    public AuditHead Head()
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "SELECT (SELECT COUNT(*) FROM audit_log), id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AuditHead(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : new AuditHead(0, null, null);
    }

    // Inside a transaction: the newest hash, the row, then its hash (the id is part of what is hashed, so it is known
    // only after the insert).
    /// <summary>Appends one entry within the caller's transaction, after <see cref="LockChain"/>.</summary>
    protected void Append(DbConnection connection, string entity, string entityId, string action, string actor, long atMs, string? before, string? after)
    {
        string previous;
        using (var last = Sql.Command(connection, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        {
            previous = last.ExecuteScalar() as string ?? "";
        }

        long id;
        using (var insert = Sql.Command(
            connection,
            "INSERT INTO audit_log(entity, entity_id, action, actor, at_ms, before, after, prev_hash) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7) RETURNING id",
            entity, entityId, action, actor, atMs, before, after, previous))
        {
            id = (long)insert.ExecuteScalar()!;
        }

        using var update = Sql.Command(
            connection, "UPDATE audit_log SET hash = @p1 WHERE id = @p0", id, Hash(previous, id, entity, entityId, action, actor, atMs, before, after));
        update.ExecuteNonQuery();
    }

    /// <summary>The entry's HMAC under the integrity key.</summary>
    protected string Hash(string previous, long id, string entity, string entityId, string action, string actor, long atMs, string? before, string? after) =>
        _key.Mac(JsonSerializer.SerializeToUtf8Bytes(new object?[] { "audit-entry", previous, id, entity, entityId, action, actor, atMs, before, after }));
}
