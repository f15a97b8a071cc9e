using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Linzi.Heritage.Storage.Rules;

/// <summary>
/// <see cref="IRuleInbox"/> in PostgreSQL (migration 13). An append bumps each partition's head in
/// <c>rule_inbox_heads</c> first, in partition order: the row stays locked until the append commits, so appends to
/// one partition take turns and commit in position order (no reader can pass a position that a slower transaction
/// fills in later), and appends to several partitions never deadlock. The rows go in by binary COPY, and a trigger
/// wakes the partitions' owners through <c>LISTEN/NOTIFY</c> (topic <c>rules</c>).
/// </summary>
public sealed class PostgresRuleInbox(PostgresDatabase database) : IRuleInbox
{
    /// <summary>The tables and the trigger.</summary>
    public const string Schema = """
        CREATE TABLE rule_inbox_heads(partition INTEGER PRIMARY KEY, head BIGINT NOT NULL);
        CREATE TABLE rule_inbox(
            partition INTEGER NOT NULL, position BIGINT NOT NULL, appended_ms BIGINT NOT NULL,
            device_id TEXT NOT NULL, site_id TEXT NOT NULL, ts_ms BIGINT NOT NULL, seq BIGINT NULL, body BYTEA NOT NULL,
            PRIMARY KEY(partition, position));
        CREATE TABLE rule_inbox_checkpoints(partition INTEGER PRIMARY KEY, position BIGINT NOT NULL);
        CREATE TRIGGER rule_inbox_appended AFTER INSERT ON rule_inbox
            FOR EACH STATEMENT EXECUTE FUNCTION heritage_notify_change('rules');
        """;

    private const string Columns = "position, device_id, site_id, ts_ms, seq, body";

    /// <inheritdoc />
    public void Append(IReadOnlyList<(int Partition, Reading Reading)> readings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        var appended = now.ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var bodies = new ReadingBodyWriter();
        foreach (var partition in readings.GroupBy(r => r.Partition).OrderBy(g => g.Key))
        {
            var batch = partition.Select(r => r.Reading).ToList();
            using var bump = Sql.Command(
                connection,
                """
                INSERT INTO rule_inbox_heads(partition, head) VALUES (@p0, @p1)
                ON CONFLICT(partition) DO UPDATE SET head = rule_inbox_heads.head + excluded.head RETURNING head
                """,
                partition.Key, (long)batch.Count);
            var position = (long)bump.ExecuteScalar()! - batch.Count;
            using var copy = connection.BeginBinaryImport(
                "COPY rule_inbox(partition, position, appended_ms, device_id, site_id, ts_ms, seq, body) FROM STDIN (FORMAT BINARY)");
            foreach (var reading in batch)
            {
                copy.StartRow();
                copy.Write(partition.Key, NpgsqlDbType.Integer);
                copy.Write(++position, NpgsqlDbType.Bigint);
                copy.Write(appended, NpgsqlDbType.Bigint);
                copy.Write(reading.DeviceId, NpgsqlDbType.Text);
                copy.Write(reading.SiteId, NpgsqlDbType.Text);
                copy.Write(reading.Timestamp.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                if (reading.Seq is { } seq)
                {
                    copy.Write(seq, NpgsqlDbType.Bigint);
                }
                else
                {
                    copy.WriteNull();
                }

                copy.Write(bodies.Encode(reading).ToArray(), NpgsqlDbType.Bytea);
            }

            copy.Complete();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<InboxReading> ReadAfter(int partition, long position, int limit) =>
        Read($"SELECT {Columns} FROM rule_inbox WHERE partition = @p0 AND position > @p1 ORDER BY position LIMIT @p2", partition, position, limit);

    /// <inheritdoc />
    public IReadOnlyList<InboxReading> ReadBack(int partition, long upTo, DateTimeOffset since, int limit) =>
        Read(
            $"""
            SELECT {Columns} FROM (
                SELECT {Columns} FROM rule_inbox WHERE partition = @p0 AND position <= @p1 AND appended_ms >= @p2
                ORDER BY position DESC LIMIT @p3) newest
            ORDER BY position
            """,
            partition, upTo, since.ToUnixTimeMilliseconds(), limit);

    /// <inheritdoc />
    public long Checkpoint(int partition)
    {
        using var connection = database.Open();
        using var command = Sql.Command(connection, "SELECT position FROM rule_inbox_checkpoints WHERE partition = @p0", partition);
        return command.ExecuteScalar() is long position ? position : 0;
    }

    /// <inheritdoc />
    public void SaveCheckpoint(int partition, long position)
    {
        using var connection = database.Open();
        Sql.Execute(
            connection,
            """
            INSERT INTO rule_inbox_checkpoints(partition, position) VALUES (@p0, @p1)
            ON CONFLICT(partition) DO UPDATE SET position = GREATEST(rule_inbox_checkpoints.position, excluded.position)
            """,
            partition, position);
    }

    /// <inheritdoc />
    public int Trim(int partition, DateTimeOffset before)
    {
        using var connection = database.Open();
        return Sql.Execute(
            connection,
            """
            DELETE FROM rule_inbox WHERE partition = @p0 AND appended_ms < @p1
                AND position <= COALESCE((SELECT position FROM rule_inbox_checkpoints WHERE partition = @p0), 0)
            """,
            partition, before.ToUnixTimeMilliseconds());
    }

    private List<InboxReading> Read(string sql, params object[] values)
    {
        using var connection = database.Open();
        using var command = Sql.Command(connection, sql, values);
        using var reader = command.ExecuteReader();
        var readings = new List<InboxReading>();
        while (reader.Read())
        {
            long? seq = reader.IsDBNull(4) ? null : reader.GetInt64(4);
            var reading = ReadingCodec.Decode(reader.GetString(1), reader.GetString(2), reader.GetInt64(3), seq, (byte[])reader[5]);
            readings.Add(new InboxReading(reader.GetInt64(0), reading));
        }

        return readings;
    }
}
