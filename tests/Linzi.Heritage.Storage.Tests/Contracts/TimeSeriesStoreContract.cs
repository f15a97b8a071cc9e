using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="ITimeSeriesStore"/> must do, from the port's documentation. The adapter keeps raw data at
/// least a day and uses <see cref="Time"/> as its clock. A store that expires data itself (InfluxDB, which the port
/// lets delete nothing here) cannot pass the two DeleteOlderThan tests; it has no subclass yet.
/// </summary>
public abstract class TimeSeriesStoreContract
{
    // On a 5-minute boundary, so buckets start where the tests expect.
    protected static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The store's clock.</summary>
    protected FakeTimeProvider Time { get; } = new(Now);

    /// <summary>A store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract ITimeSeriesStore CreateSut();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Reading At(DateTimeOffset ts, double rh, double? temp = null, string device = "hp-rh-01") =>
        new(device, "horse-pit", ts, null, temp is { } t ? [new("rh_pct", rh), new("temp_c", t)] : [new("rh_pct", rh)]);

    private static (string, DateTimeOffset, double) Raw(SeriesPoint p) => (p.Metric, p.Ts, p.Value);

    private static (string, DateTimeOffset, double, double?, double?, long?) Rolled(SeriesPoint p) => (p.Metric, p.Ts, p.Value, p.Min, p.Max, p.Count);

    [Fact]
    public async Task QueryAsync_Raw_ReturnsTheDevicesPointsInTheHalfOpenRange_OldestFirst()
    {
        await CreateSut().WriteAsync(
            [At(Now.AddMinutes(-20), 40), At(Now.AddMinutes(-10), 50, 20), At(Now.AddMinutes(-5), 52), At(Now, 54), At(Now.AddMinutes(-6), 99, device: "other")], Ct);

        var points = await CreateSut().QueryAsync(new HistoryQuery("hp-rh-01", null, Now.AddMinutes(-10), Now, null), Ct);

        Assert.Equal(points.Select(p => p.Ts).Order(), points.Select(p => p.Ts));
        Assert.Equal(
            [("rh_pct", Now.AddMinutes(-10), 50.0), ("temp_c", Now.AddMinutes(-10), 20.0), ("rh_pct", Now.AddMinutes(-5), 52.0)],
            points.OrderBy(p => p.Ts).ThenBy(p => p.Metric, StringComparer.Ordinal).Select(Raw));
        Assert.All(points, p => Assert.Equal((null, null, null), (p.Min, p.Max, p.Count)));
    }

    [Fact]
    public async Task QueryAsync_OneMetric_LeavesTheOthersOut()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddMinutes(-10), 50, 20), At(Now.AddMinutes(-5), 52, 21)], Ct);

        var points = await sut.QueryAsync(new HistoryQuery("hp-rh-01", "temp_c", Now.AddHours(-1), Now, null), Ct);

        Assert.Equal([("temp_c", Now.AddMinutes(-10), 20.0), ("temp_c", Now.AddMinutes(-5), 21.0)], points.Select(Raw));
    }

    [Fact]
    public async Task WriteAsync_Replayed_OverwritesThePointItself()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddMinutes(-3), 50), At(Now.AddMinutes(-2), 51)], Ct);

        await sut.WriteAsync([At(Now.AddMinutes(-3), 55)], Ct);

        var points = await sut.QueryAsync(new HistoryQuery("hp-rh-01", null, Now.AddHours(-1), Now, null), Ct);
        Assert.Equal([("rh_pct", Now.AddMinutes(-3), 55.0), ("rh_pct", Now.AddMinutes(-2), 51.0)], points.Select(Raw));
    }

    [Fact]
    public async Task WriteAsync_ReplayedWithAnotherValue_DownsampledHistoryHoldsOnlyTheNewValue()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddMinutes(-3), 50), At(Now.AddMinutes(-2), 51)], Ct);

        // Again with another value in a later batch, and twice within one batch: the last value stands, counted once.
        await sut.WriteAsync([At(Now.AddMinutes(-3), 55)], Ct);
        await sut.WriteAsync([At(Now.AddMinutes(-1), 10), At(Now.AddMinutes(-1), 60)], Ct);

        var points = await sut.QueryAsync(new HistoryQuery("hp-rh-01", "rh_pct", Now.AddMinutes(-5), Now, TimeSpan.FromMinutes(5)), Ct);
        Assert.Equal([("rh_pct", Now.AddMinutes(-5), 166.0 / 3, (double?)51.0, (double?)60.0, (long?)3L)], points.Select(Rolled));
    }

    [Fact]
    public async Task WriteAsync_ManyBatchesWithReplays_DownsampledHistoryMatchesTheRawPoints()
    {
        var sut = CreateSut();
        var random = new Random(16);
        var written = new List<Reading>();
        for (var batch = 0; batch < 40; batch++)
        {
            var readings = new List<Reading>();
            for (var i = random.Next(1, 30); i > 0; i--)
            {
                // Half of them land on a timestamp already written (a redelivery), some of those with another value.
                var replay = written.Count > 0 && random.Next(2) == 0 ? written[random.Next(written.Count)] : null;
                readings.Add(replay is not null && random.Next(3) > 0
                    ? replay
                    : At(replay?.Timestamp ?? Now.AddMinutes(-15).AddSeconds(random.Next(15 * 60)), random.Next(100), random.Next(40)));
            }

            await sut.WriteAsync(readings, Ct);
            written.AddRange(readings);
        }

        var query = new HistoryQuery("hp-rh-01", null, Now.AddMinutes(-15), Now, TimeSpan.FromMinutes(5));
        var raw = await sut.QueryAsync(query with { Every = null }, Ct);
        var rolled = await sut.QueryAsync(query, Ct);

        var expected = raw
            .GroupBy(p => (p.Metric, Bucket: Now.AddMinutes(-15).AddMinutes(5 * Math.Floor((p.Ts - Now.AddMinutes(-15)).TotalMinutes / 5))))
            .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Metric, StringComparer.Ordinal)
            .Select(g => (g.Key.Metric, g.Key.Bucket, Math.Round(g.Average(p => p.Value), 9), (double?)g.Min(p => p.Value), (double?)g.Max(p => p.Value), (long?)g.Count()));
        Assert.Equal(expected, rolled.Select(p => (p.Metric, p.Ts, Math.Round(p.Value, 9), p.Min, p.Max, p.Count)));
    }

    [Fact]
    public async Task LatestAsync_IsTheNewestValueOfEachMetricOfTheDevice()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddMinutes(-5), 52), At(Now.AddMinutes(-10), 50, 20), At(Now.AddMinutes(-1), 99, 30, device: "other")], Ct);

        var latest = await CreateSut().LatestAsync("hp-rh-01", Ct);

        Assert.Equal(
            [("rh_pct", Now.AddMinutes(-5), 52.0), ("temp_c", Now.AddMinutes(-10), 20.0)],
            latest.OrderBy(p => p.Metric, StringComparer.Ordinal).Select(Raw));
        Assert.Empty(await sut.LatestAsync("unknown", Ct));
    }

    [Fact]
    public async Task QueryAsync_EveryFiveMinutes_GivesMeanMinMaxAndCountOfBucketsStartingAtTs()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddMinutes(-10), 50), At(Now.AddMinutes(-9), 54), At(Now.AddMinutes(-6), 58), At(Now.AddMinutes(-4), 60)], Ct);

        var points = await sut.QueryAsync(new HistoryQuery("hp-rh-01", "rh_pct", Now.AddMinutes(-10), Now, TimeSpan.FromMinutes(5)), Ct);

        Assert.Equal(
            [("rh_pct", Now.AddMinutes(-10), 54.0, (double?)50.0, (double?)58.0, (long?)3L), ("rh_pct", Now.AddMinutes(-5), 60.0, 60.0, 60.0, 1L)],
            points.Select(Rolled));
    }

    [Fact]
    public async Task QueryAsync_EveryMinute_DownsamplesToo()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddMinutes(-2), 10), At(Now.AddMinutes(-2).AddSeconds(30), 30), At(Now.AddMinutes(-1).AddSeconds(15), 40)], Ct);

        var points = await sut.QueryAsync(new HistoryQuery("hp-rh-01", "rh_pct", Now.AddMinutes(-2), Now, TimeSpan.FromMinutes(1)), Ct);

        Assert.Equal(
            [("rh_pct", Now.AddMinutes(-2), 20.0, (double?)10.0, (double?)30.0, (long?)2L), ("rh_pct", Now.AddMinutes(-1), 40.0, 40.0, 40.0, 1L)],
            points.Select(Rolled));
    }

    [Fact]
    public async Task DeleteOlderThan_RemovesRawPointsBeforeTheCutoff()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddHours(-3), 40), At(Now.AddHours(-2), 45), At(Now.AddMinutes(-30), 50)], Ct);

        var (samples, _) = sut.DeleteOlderThan(Now.AddHours(-1), Now.AddDays(-365));

        Assert.Equal(2, samples);
        var points = await sut.QueryAsync(new HistoryQuery("hp-rh-01", null, Now.AddDays(-1), Now, null), Ct);
        Assert.Equal([("rh_pct", Now.AddMinutes(-30), 50.0)], points.Select(Raw));
    }

    [Fact]
    public async Task DeleteOlderThan_RollupsOutliveRawData_UntilTheirOwnCutoff()
    {
        var sut = CreateSut();
        await sut.WriteAsync([At(Now.AddHours(-3), 40), At(Now.AddHours(-3).AddMinutes(1), 44)], Ct);
        var query = new HistoryQuery("hp-rh-01", "rh_pct", Now.AddHours(-4), Now, TimeSpan.FromMinutes(5));

        sut.DeleteOlderThan(Now.AddHours(-1), Now.AddDays(-365));
        var afterRaw = await sut.QueryAsync(query, Ct);
        var (_, rollups) = sut.DeleteOlderThan(Now.AddHours(-1), Now.AddHours(-1));
        var afterRollups = await sut.QueryAsync(query, Ct);

        Assert.Equal([("rh_pct", Now.AddHours(-3), 42.0, (double?)40.0, (double?)44.0, (long?)2L)], afterRaw.Select(Rolled));
        Assert.True(rollups > 0);
        Assert.Empty(afterRollups);
    }
}
