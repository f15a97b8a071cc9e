using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Outbox;

/// <summary>
/// The persisted notification outbox: a message is written here in its own transaction before anyone tries to send
/// it, so a crash or an unreachable gateway loses nothing; delivery marks it delivered, or dead after the last
/// attempt. Thread-safe.
/// </summary>
public sealed class SqliteOutbox : IOutbox
{
    private const string Columns =
        "id, idempotency_key, channel, kind, alert_id, rule_id, device_id, recipient, text, payload, status, attempts, created_ms, next_attempt_ms, last_error";

    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteOutbox(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS outbox(
                id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, kind TEXT NOT NULL,
                alert_id TEXT, rule_id TEXT, device_id TEXT, recipient TEXT, text TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL, last_error TEXT,
                delivered_ms INTEGER);
            CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_ms);
            CREATE INDEX IF NOT EXISTS outbox_limits ON outbox(channel, created_ms);
            """);
    }

    /// <inheritdoc />
    public bool Enqueue(OutboxMessage message)
    {
        using var connection = _database.Open();
        return Insert(connection, message);
    }

    private static bool Insert(SqliteConnection connection, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var insert = SqliteDatabase.Command(
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
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            """
            SELECT IFNULL(SUM(device_id = @p1), 0), IFNULL(SUM(rule_id = @p2), 0) FROM outbox
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
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT MIN(next_attempt_ms) FROM outbox WHERE status = 'pending'");
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> ByStatus(string? status, int limit) =>
        Query("WHERE (@p0 IS NULL OR status = @p0) ORDER BY id DESC LIMIT @p1", status, limit);

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Folded(string channel) => Query("WHERE status = 'folded' AND channel = @p0 ORDER BY id", channel);

    /// <inheritdoc />
    public void Delivered(long id, DateTimeOffset at) =>
        Execute("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_ms = @p1, last_error = NULL WHERE id = @p0", id, at.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public void Failed(long id, string error, DateTimeOffset? next) =>
        Execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = @p1, status = CASE WHEN @p2 IS NULL THEN 'dead' ELSE 'pending' END, next_attempt_ms = IFNULL(@p2, next_attempt_ms) WHERE id = @p0",
            id, error, next?.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public bool Retry(long id, DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_ms = @p1 WHERE id = @p0 AND status = 'dead'", id, now.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public void Digest(OutboxMessage digest, IReadOnlyCollection<long> folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var id in folded)
        {
            using var mark = SqliteDatabase.Command(connection, "UPDATE outbox SET status = 'digested' WHERE id = @p0 AND status = 'folded'", id);
            mark.ExecuteNonQuery();
        }

        Insert(connection, digest); // In the same transaction: folded messages are never marked without their digest.
        transaction.Commit();
    }

    private void Execute(string sql, params object?[] values)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, sql, values);
        command.ExecuteNonQuery();
    }

    private List<OutboxMessage> Query(string where, params object?[] values)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM outbox {where}", values);
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
