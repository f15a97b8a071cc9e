using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.TimeSeries;

/// <summary>
/// The embedded time-series store: one row per device, metric and millisecond, plus 5-minute roll-ups
/// (<see cref="Rollups"/>) that outlive the raw rows. Thread-safe (a connection per call).
/// </summary>
public sealed class SqliteTimeSeriesStore : ITimeSeriesStore
{
    /// <summary>Raw queries return at most this many points; ask with <c>every</c> for longer ranges.</summary>
    public const int MaxRawPoints = 10_000;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly IOptions<TimeSeriesOptions> _options;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteTimeSeriesStore(DataFiles files, TimeProvider time, IOptions<TimeSeriesOptions> options)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.TimeSeries;
        _time = time;
        _options = options;
        _database.EnsureSchema(Rollups.Schema);
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS samples(
                device_id TEXT NOT NULL,
                metric TEXT NOT NULL,
                ts_ms INTEGER NOT NULL,
                value REAL NOT NULL,
                PRIMARY KEY(device_id, metric, ts_ms)) WITHOUT ROWID;
            """);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A new sample adds itself to its roll-up; a replayed one (same device, metric, millisecond and value) changes
    /// nothing. Only a sample that comes again with another value makes its bucket be recomputed from the raw rows.
    /// Recomputing every touched bucket on every batch, as this once did, rescanned up to 30,000 rows per device and
    /// metric per batch at 100 readings a second, and was most of the server's CPU under load.
    /// </remarks>
    public Task WriteAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = new RawStatement(
            connection, "INSERT INTO samples(device_id, metric, ts_ms, value) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
        using var change = new RawStatement(
            connection, "UPDATE samples SET value = ?4 WHERE device_id = ?1 AND metric = ?2 AND ts_ms = ?3 AND value <> ?4");
        var rollups = new RollupBatch();
        foreach (var reading in readings)
        {
            var ts = reading.Timestamp.ToUnixTimeMilliseconds();
            for (var i = 0; i < reading.Values.Count; i++)
            {
                var value = reading.Values[i];
                SetSample(insert, reading.DeviceId, value, ts);
                if (insert.Execute() == 1)
                {
                    rollups.Add(reading.DeviceId, value, ts);
                    continue;
                }

                SetSample(change, reading.DeviceId, value, ts);
                if (change.Execute() == 1)
                {
                    rollups.Changed(reading.DeviceId, value.Name, ts);
                }
            }
        }

        rollups.Apply(connection, transaction, (_time.GetUtcNow() - _options.Value.RawRetention).ToUnixTimeMilliseconds());
        transaction.Commit();
        return Task.CompletedTask;
    }

    private static void SetSample(RawStatement statement, string deviceId, MetricValue value, long tsMs)
    {
        statement.Bind(1, deviceId);
        statement.Bind(2, value.Name);
        statement.Bind(3, tsMs);
        statement.Bind(4, value.Value);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesPoint>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = _database.Open();
        var from = query.From.ToUnixTimeMilliseconds();
        var to = query.To.ToUnixTimeMilliseconds();
        using var command = query.Every is { } every && (long)every.TotalMilliseconds % Rollups.BucketMs == 0
            ? Rollups.Query(connection, query, (long)every.TotalMilliseconds, MaxRawPoints)
            : query.Every is { } fine
            ? SqliteDatabase.Command(
                connection,
                """
                SELECT metric, (ts_ms / @p4) * @p4 AS bucket, AVG(value), MIN(value), MAX(value), COUNT(*)
                FROM samples
                WHERE device_id = @p0 AND (@p1 IS NULL OR metric = @p1) AND ts_ms >= @p2 AND ts_ms < @p3
                GROUP BY metric, bucket ORDER BY bucket, metric LIMIT @p5
                """,
                query.DeviceId, query.Metric, from, to, (long)fine.TotalMilliseconds, MaxRawPoints)
            : SqliteDatabase.Command(
                connection,
                """
                SELECT metric, ts_ms, value FROM samples
                WHERE device_id = @p0 AND (@p1 IS NULL OR metric = @p1) AND ts_ms >= @p2 AND ts_ms < @p3
                ORDER BY ts_ms, metric LIMIT @p4
                """,
                query.DeviceId, query.Metric, from, to, MaxRawPoints);
        return Task.FromResult<IReadOnlyList<SeriesPoint>>(ReadPoints(command, downsampled: query.Every is not null));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesPoint>> LatestAsync(string deviceId, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            """
            SELECT s.metric, s.ts_ms, s.value FROM samples s
            JOIN (SELECT metric, MAX(ts_ms) AS ts_ms FROM samples WHERE device_id = @p0 GROUP BY metric) m
              ON s.metric = m.metric AND s.ts_ms = m.ts_ms
            WHERE s.device_id = @p0 ORDER BY s.metric
            """,
            deviceId);
        return Task.FromResult<IReadOnlyList<SeriesPoint>>(ReadPoints(command, downsampled: false));
    }

    /// <summary>Deletes raw samples before <paramref name="rawCutoff"/> and roll-ups before <paramref name="rollupCutoff"/>.</summary>
    public (int Samples, int Rollups) DeleteOlderThan(DateTimeOffset rawCutoff, DateTimeOffset rollupCutoff)
    {
        using var connection = _database.Open();
        using var samples = SqliteDatabase.Command(connection, "DELETE FROM samples WHERE ts_ms < @p0", rawCutoff.ToUnixTimeMilliseconds());
        using var rollups = SqliteDatabase.Command(connection, "DELETE FROM rollups WHERE bucket_ms < @p0", rollupCutoff.ToUnixTimeMilliseconds());
        return (samples.ExecuteNonQuery(), rollups.ExecuteNonQuery());
    }

    private static List<SeriesPoint> ReadPoints(SqliteCommand command, bool downsampled)
    {
        using var reader = command.ExecuteReader();
        var points = new List<SeriesPoint>();
        while (reader.Read())
        {
            var ts = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
            points.Add(downsampled
                ? new SeriesPoint(reader.GetString(0), ts, reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5))
                : new SeriesPoint(reader.GetString(0), ts, reader.GetDouble(2)));
        }

        return points;
    }
}
