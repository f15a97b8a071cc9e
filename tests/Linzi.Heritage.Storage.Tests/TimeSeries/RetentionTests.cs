using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Storage.Tests.TimeSeries;

public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "linzi-storage-" + Guid.NewGuid().ToString("N"));
    // Starts 45 days back, so tests can write "old" data at its own time and then move to Now.
    private readonly FakeTimeProvider _time = new(Now.AddDays(-45));
    private readonly IOptions<TimeSeriesOptions> _options = Options.Create(new TimeSeriesOptions
    {
        RawRetention = TimeSpan.FromDays(30),
        RollupRetention = TimeSpan.FromDays(365),
    });

    private DataFiles Files => new(_directory);

    private SqliteTimeSeriesStore CreateSut() => new(Files, _time, _options);

    // What the hourly retention sweep asks of the two adapters (the sweep itself is tested in the server's tests).
    private (int Samples, int Rollups, int Journal) Sweep(SqliteJournal? journal = null)
    {
        var now = _time.GetUtcNow();
        var (samples, rollups) = CreateSut().DeleteOlderThan(now - _options.Value.RawRetention, now - _options.Value.RollupRetention);
        return (samples, rollups, (journal ?? new SqliteJournal(Files, _time)).DeleteConsumed(now - TimeSpan.FromDays(1)));
    }

    private static Reading At(DateTimeOffset ts, double value) => new("d1", "site", ts, null, [new MetricValue("rh_pct", value)]);

    [Fact]
    public async Task History_FiveMinuteMultiples_ComeFromRollups_AndSurviveRawRetention()
    {
        var sut = CreateSut();
        var old = Now.AddDays(-40); // Older than raw retention, newer than roll-up retention.
        _time.SetUtcNow(old);
        await sut.WriteAsync([At(old, 50), At(old.AddMinutes(1), 54), At(old.AddMinutes(6), 60)], TestContext.Current.CancellationToken);
        var query = new HistoryQuery("d1", "rh_pct", old.AddHours(-1), old.AddHours(1), TimeSpan.FromMinutes(5));

        // Written while the clock said "40 days ago", so the roll-ups were computed.
        _time.SetUtcNow(Now);
        var removed = Sweep();
        var raw = await sut.QueryAsync(query with { Every = null }, TestContext.Current.CancellationToken);
        var rolled = await sut.QueryAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal(3, removed.Samples);
        Assert.Empty(raw);
        Assert.Equal([(52.0, 50.0, 54.0, 2L), (60.0, 60.0, 60.0, 1L)], rolled.Select(p => (p.Value, p.Min!.Value, p.Max!.Value, p.Count!.Value)));
    }

    [Fact]
    public async Task Write_Replayed_KeepsRollupsExact()
    {
        var sut = CreateSut();
        _time.SetUtcNow(Now);
        var ts = Now.AddMinutes(-3);
        await sut.WriteAsync([At(ts, 10), At(ts.AddSeconds(1), 20)], TestContext.Current.CancellationToken);
        await sut.WriteAsync([At(ts, 10)], TestContext.Current.CancellationToken); // A redelivery.

        var rolled = await sut.QueryAsync(new HistoryQuery("d1", null, Now.AddHours(-1), Now.AddHours(1), TimeSpan.FromMinutes(10)), TestContext.Current.CancellationToken);

        Assert.Equal((15.0, 2L), (rolled.Single().Value, rolled.Single().Count!.Value));
    }

    [Fact]
    public async Task Write_LateReadingOlderThanRawRetention_DoesNotShrinkItsRollup()
    {
        var sut = CreateSut();
        var old = Now.AddDays(-40);
        _time.SetUtcNow(old);
        await sut.WriteAsync([At(old, 50), At(old.AddSeconds(10), 70)], TestContext.Current.CancellationToken);
        _time.SetUtcNow(Now);
        Sweep();

        await sut.WriteAsync([At(old.AddSeconds(20), 0)], TestContext.Current.CancellationToken);
        var rolled = await sut.QueryAsync(new HistoryQuery("d1", "rh_pct", old.AddHours(-1), old.AddHours(1), TimeSpan.FromMinutes(5)), TestContext.Current.CancellationToken);

        Assert.Equal((60.0, 2L), (rolled.Single().Value, rolled.Single().Count!.Value));
    }

    [Fact]
    public async Task Sweep_DeletesOnlyJournalEntriesEveryConsumerProcessedAndThatAreOldEnough()
    {
        var journal = new SqliteJournal(Files, _time);
        await journal.StartAsync(TestContext.Current.CancellationToken);
        _time.SetUtcNow(Now.AddDays(-2));
        await journal.AppendAsync([At(Now, 1), At(Now, 2), At(Now, 3)]);
        _time.SetUtcNow(Now);
        await journal.AppendAsync([At(Now, 4)]);
        var checkpoints = new SqliteCheckpointStore(Files);
        checkpoints.Save("rules", 4);
        checkpoints.Save("timeseries", 2);

        var removed = Sweep(journal); // the running journal, as in the server: it forgets what it deleted

        Assert.Equal(2, removed.Journal);
        Assert.Equal([3L, 4L], journal.ReadAfter(0, 10).Select(e => e.Position));
        await journal.StopAsync(TestContext.Current.CancellationToken);
        journal.Dispose();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
