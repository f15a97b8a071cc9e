using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.TimeSeries;

/// <summary>
/// What one time-series write does to the roll-ups: the new samples folded per bucket in memory and added with one
/// upsert per bucket, and the buckets whose samples changed value, which are recomputed from the raw rows instead.
/// </summary>
internal sealed class RollupBatch
{
    private readonly Dictionary<(string Device, string Metric, long Bucket), Summary> _added = [];
    private readonly HashSet<(string Device, string Metric, long Bucket)> _changed = [];

    /// <summary>A sample that was not stored before.</summary>
    public void Add(string deviceId, MetricValue value, long tsMs)
    {
        var key = (deviceId, value.Name, Rollups.BucketOf(tsMs));
        _added[key] = _added.TryGetValue(key, out var summary) ? summary.With(value.Value) : Summary.Of(value.Value);
    }

    /// <summary>A stored sample that came again with another value: its bucket's sum, min and max are no longer known.</summary>
    public void Changed(string deviceId, string metric, long tsMs) => _changed.Add((deviceId, metric, Rollups.BucketOf(tsMs)));

    /// <summary>
    /// Writes the roll-ups within the caller's transaction. Buckets that end at or before <paramref name="rawCutoffMs"/>
    /// are left alone: their raw data may already be gone, so neither a late sample (which may be a replay of one
    /// counted and since deleted) nor a recompute can be told apart from what the roll-up already holds.
    /// </summary>
    public void Apply(SqliteConnection connection, SqliteTransaction transaction, long rawCutoffMs)
    {
        using var upsert = new RawStatement(
            connection,
            """
            INSERT INTO rollups(device_id, metric, bucket_ms, count, sum, min, max) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(device_id, metric, bucket_ms) DO UPDATE SET
                count = count + excluded.count, sum = sum + excluded.sum,
                min = MIN(min, excluded.min), max = MAX(max, excluded.max)
            """);
        foreach (var ((device, metric, bucket), summary) in _added)
        {
            if (bucket + Rollups.BucketMs <= rawCutoffMs || _changed.Contains((device, metric, bucket)))
            {
                continue;
            }

            upsert.Bind(1, device);
            upsert.Bind(2, metric);
            upsert.Bind(3, bucket);
            upsert.Bind(4, summary.Count);
            upsert.Bind(5, summary.Sum);
            upsert.Bind(6, summary.Min);
            upsert.Bind(7, summary.Max);
            upsert.Execute();
        }

        if (_changed.Count > 0)
        {
            Rollups.Recompute(connection, transaction, _changed, rawCutoffMs);
        }
    }

    private readonly record struct Summary(long Count, double Sum, double Min, double Max)
    {
        public static Summary Of(double value) => new(1, value, value, value);

        public Summary With(double value) => new(Count + 1, Sum + value, Math.Min(Min, value), Math.Max(Max, value));
    }
}
