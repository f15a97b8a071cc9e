using Microsoft.Data.Sqlite;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.TimeSeries;

/// <summary>
/// 5-minute roll-ups (count, sum, min, max per device, metric and bucket) beside the raw samples, so history over
/// months is answered from roll-ups and raw data can expire first. New samples are added to their bucket
/// (<see cref="RollupBatch"/>); a bucket is recomputed from its raw samples only when one of them changes value, which
/// keeps roll-ups exact when a reading is replayed.
/// </summary>
internal static class Rollups
{
    public const long BucketMs = 5 * 60 * 1000;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS rollups(
            device_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            count INTEGER NOT NULL,
            sum REAL NOT NULL,
            min REAL NOT NULL,
            max REAL NOT NULL,
            PRIMARY KEY(device_id, metric, bucket_ms)) WITHOUT ROWID;
        """;

    public static long BucketOf(long tsMs) => tsMs - (((tsMs % BucketMs) + BucketMs) % BucketMs);

    /// <summary>
    /// Recomputes touched buckets from raw samples. Buckets older than the raw cutoff are left alone: their raw data
    /// may already be gone, and a late reading must not shrink a roll-up to itself.
    /// </summary>
    public static void Recompute(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(string Device, string Metric, long Bucket)> buckets, long rawCutoffMs)
    {
        using var command = SqliteDatabase.Command(
            connection,
            """
            INSERT OR REPLACE INTO rollups(device_id, metric, bucket_ms, count, sum, min, max)
            SELECT device_id, metric, @p2, COUNT(*), SUM(value), MIN(value), MAX(value) FROM samples
            WHERE device_id = @p0 AND metric = @p1 AND ts_ms >= @p2 AND ts_ms < @p2 + @p3
            GROUP BY device_id, metric
            """,
            "", "", 0L, BucketMs);
        command.Transaction = transaction;
        command.Prepare();
        foreach (var (device, metric, bucket) in buckets)
        {
            if (bucket + BucketMs <= rawCutoffMs)
            {
                continue;
            }

            command.Parameters[0].Value = device;
            command.Parameters[1].Value = metric;
            command.Parameters[2].Value = bucket;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Downsampled history from roll-ups; <paramref name="everyMs"/> is a whole number of buckets.</summary>
    public static SqliteCommand Query(SqliteConnection connection, HistoryQuery query, long everyMs, int limit) =>
        SqliteDatabase.Command(
            connection,
            """
            SELECT metric, (bucket_ms / @p4) * @p4 AS b, SUM(sum) / SUM(count), MIN(min), MAX(max), SUM(count)
            FROM rollups
            WHERE device_id = @p0 AND (@p1 IS NULL OR metric = @p1) AND bucket_ms >= @p2 AND bucket_ms < @p3
            GROUP BY metric, b ORDER BY b, metric LIMIT @p5
            """,
            query.DeviceId, query.Metric, BucketOf(query.From.ToUnixTimeMilliseconds()), query.To.ToUnixTimeMilliseconds(), everyMs, limit);
}
