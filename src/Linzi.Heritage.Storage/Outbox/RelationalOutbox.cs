using System.Data.Common;
using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Outbox;

/// <summary>
/// The persisted notification outbox: a message is written here in its own transaction before anyone tries to send
/// it, so a crash or an unreachable gateway loses nothing; delivery marks it delivered, or dead after the last
/// attempt. SQL that SQLite and PostgreSQL both run (no parameter is ever only tested for NULL, which PostgreSQL
/// cannot type); the engines (<see cref="SqliteOutbox"/>, <see cref="PostgresOutbox"/>) open connections and own the
/// schema. Thread-safe.
/// </summary>
public abstract class RelationalOutbox : IOutbox
{
    private const string Columns =
        "id, idempotency_key, channel, kind, alert_id, rule_id, device_id, recipient, text, payload, status, attempts, created_ms, next_attempt_ms, last_error";

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <inheritdoc />
    public bool Enqueue(OutboxMessage message)
    {
        using var connection = Open();
        return Insert(connection, message);
    }

    private static bool Insert(DbConnection connection, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var insert = Sql.Command(
            connection,
            """
            INSERT INTO outbox(idempotency_key, channel, kind, alert_id, rule_id, device_id, recipient, text, payload, status, attempts, created_ms, next_attempt_ms)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, 0, @p10, @p11) ON CONFLICT(idempotency_key) DO NOTHING
            """,
            message.IdempotencyKey, message.Channel, message.Kind, message.AlertId, message.RuleId, message.DeviceId, message.Recipient, message.Text,
            message.Payload, message.Status, message.CreatedAt.ToUnixTimeMilliseconds(), message.NextAttemptAt.ToUnixTimeMilliseconds());
        return insert.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public (long ForDevice, long ForRule) RecentCounts(string channel, string? deviceId, string? ruleId, DateTimeOffset since)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection,
            """
            SELECT COALESCE(SUM(CASE WHEN device_id = @p1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN rule_id = @p2 THEN 1 ELSE 0 END), 0) FROM outbox
            WHERE channel = @p0 AND created_ms >= @p3 AND status NOT IN ('folded', 'digested') AND kind <> 'digest'
            """,
            channel, deviceId, ruleId, since.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Due(DateTimeOffset now, int limit) =>
        Query("WHERE status = 'pending' AND next_attempt_ms <= @p0 ORDER BY next_attempt_ms, id LIMIT @p1", now.ToUnixTimeMilliseconds(), limit);

    /// <inheritdoc />
    public DateTimeOffset? NextDue()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT MIN(next_attempt_ms) FROM outbox WHERE status = 'pending'");
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> ByStatus(string? status, int limit) =>
        status is null
            ? Query("ORDER BY id DESC LIMIT @p0", limit)
            : Query("WHERE status = @p0 ORDER BY id DESC LIMIT @p1", status, limit);

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Folded(string channel) => Query("WHERE status = 'folded' AND channel = @p0 ORDER BY id", channel);

    /// <inheritdoc />
    public void Delivered(long id, DateTimeOffset at) =>
        Execute("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_ms = @p1, last_error = NULL WHERE id = @p0", id, at.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public void Failed(long id, string error, DateTimeOffset? next)
    {
        if (next is { } retryAt)
        {
            Execute("UPDATE outbox SET attempts = attempts + 1, last_error = @p1, status = 'pending', next_attempt_ms = @p2 WHERE id = @p0", id, error, retryAt.ToUnixTimeMilliseconds());
        }
        else
        {
            Execute("UPDATE outbox SET attempts = attempts + 1, last_error = @p1, status = 'dead' WHERE id = @p0", id, error);
        }
    }

    /// <inheritdoc />
    public bool Retry(long id, DateTimeOffset now)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_ms = @p1 WHERE id = @p0 AND status = 'dead'", id, now.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public void Digest(OutboxMessage digest, IReadOnlyCollection<long> folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var id in folded)
        {
            using var mark = Sql.Command(connection, "UPDATE outbox SET status = 'digested' WHERE id = @p0 AND status = 'folded'", id);
            mark.ExecuteNonQuery();
        }

        Insert(connection, digest); // In the same transaction: folded messages are never marked without their digest.
        transaction.Commit();
    }

    private void Execute(string sql, params object?[] values)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, sql, values);
        command.ExecuteNonQuery();
    }

    private List<OutboxMessage> Query(string where, params object?[] values)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, $"SELECT {Columns} FROM outbox {where}", values);
        using var reader = command.ExecuteReader();
        var list = new List<OutboxMessage>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            list.Add(new OutboxMessage(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), Text(7),
                reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetInt32(11),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)), Text(14)));
        }

        return list;
    }
}
