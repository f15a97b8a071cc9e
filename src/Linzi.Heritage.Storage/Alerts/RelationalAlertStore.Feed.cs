using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// The change feed: one row per fed ledger entry, written in the ledger's transaction, carrying the alert as it was
/// committed (JSON), so a consumer that resumes late still sends what happened then, not what is true now.
/// </summary>
public abstract partial class RelationalAlertStore
{
    /// <inheritdoc />
    public IReadOnlyList<AlertChange> ChangesAfter(long position, int limit)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection,
            "SELECT position, push, notice_kind, notice_to, alert FROM alert_feed WHERE position > @p0 ORDER BY position LIMIT @p1", position, limit);
        using var reader = command.ExecuteReader();
        var changes = new List<AlertChange>();
        while (reader.Read())
        {
            var alert = JsonSerializer.Deserialize(reader.GetString(4), AlertFeedJson.Default.Alert)!;
            var notice = reader.IsDBNull(2) ? null : new AlertNotice(reader.GetString(2), alert, reader.IsDBNull(3) ? null : reader.GetString(3));
            changes.Add(new AlertChange(reader.GetInt64(0), alert, (AlertPush)reader.GetInt32(1), notice));
        }

        return changes;
    }

    /// <inheritdoc />
    public long LastPosition()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT COALESCE(MAX(position), 0) FROM alert_feed");
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public long Checkpoint(string consumer)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT position FROM feed_checkpoints WHERE consumer = @p0", consumer);
        return command.ExecuteScalar() is long position ? position : 0;
    }

    /// <inheritdoc />
    public void SaveCheckpoint(string consumer, long position)
    {
        using var connection = OpenForReplayableWrites();
        using var command = Sql.Command(
            connection,
            """
            INSERT INTO feed_checkpoints(consumer, position) VALUES (@p0, @p1)
            ON CONFLICT(consumer) DO UPDATE SET position = excluded.position WHERE feed_checkpoints.position < excluded.position
            """,
            consumer, position);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public int Prune(long position, DateTimeOffset before)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "DELETE FROM alert_feed WHERE position <= @p0 AND at_ms < @p1", position, before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private static long InsertChange(DbConnection connection, LedgerEntry entry)
    {
        var at = entry.Events.Count > 0 && entry.Events[^1].At > entry.Alert.UpdatedAt ? entry.Events[^1].At : entry.Alert.UpdatedAt;
        using var insert = Sql.Command(
            connection,
            "INSERT INTO alert_feed(alert_id, push, notice_kind, notice_to, alert, at_ms) VALUES (@p0, @p1, @p2, @p3, @p4, @p5) RETURNING position",
            entry.Alert.Id, (int)entry.Push, entry.Notice?.Kind, entry.Notice?.To, JsonSerializer.Serialize(entry.Alert, AlertFeedJson.Default.Alert), at.ToUnixTimeMilliseconds());
        return (long)insert.ExecuteScalar()!;
    }
}
