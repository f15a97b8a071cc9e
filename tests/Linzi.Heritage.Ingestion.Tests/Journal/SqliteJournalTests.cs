using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Ingestion.Tests.Journal;

public sealed class SqliteJournalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "linzi-journal-" + Guid.NewGuid().ToString("N"));

    private SqliteJournal CreateSut() => new(new DataFiles(_directory), new FakeTimeProvider());

    private static Reading ReadingOf(string device, long seq, double value) =>
        new(device, "horse-pit", DateTimeOffset.FromUnixTimeMilliseconds(1_764_165_785_000 + seq), seq, [new MetricValue("ppv_mm_s", value)], 36.8, 118.3, 3.6, -70);

    [Fact]
    public async Task AppendAsync_ConcurrentCallers_AllCommitAndReadBackInOrder()
    {
        var sut = CreateSut();
        await sut.StartAsync(TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i => sut.AppendAsync([ReadingOf("d" + (i % 5), i, i / 10.0)])));
        var entries = sut.ReadAfter(0, 1000);

        Assert.Equal(200, entries.Count);
        Assert.Equal(entries.Select(e => e.Position).Order(), entries.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Reading.Seq!.Value).Order());
        Assert.Equal(200, sut.LastPosition);
        await sut.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReadAfter_RoundTripsEveryField()
    {
        var sut = CreateSut();
        await sut.StartAsync(TestContext.Current.CancellationToken);
        var original = ReadingOf("hp-vib-01", 3, 0.31);

        await sut.AppendAsync([original]);
        var read = Assert.Single(sut.ReadAfter(0, 10)).Reading;

        Assert.Equal(original.DeviceId, read.DeviceId);
        Assert.Equal(original.Timestamp, read.Timestamp);
        Assert.Equal(original.Values, read.Values);
        Assert.Equal((original.Lat, original.Lon, original.BatteryV, original.RssiDbm), (read.Lat, read.Lon, read.BatteryV, read.RssiDbm));
        await sut.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Reopen_AfterStop_KeepsEntriesAndSequences()
    {
        var first = CreateSut();
        await first.StartAsync(TestContext.Current.CancellationToken);
        await first.AppendAsync([ReadingOf("d", 41, 1), ReadingOf("d", 42, 2)]);
        await first.StopAsync(TestContext.Current.CancellationToken);
        first.Dispose();

        var second = CreateSut();

        Assert.Equal(2, second.ReadAfter(0, 10).Count);
        Assert.Equal(42, second.LastSequences()["d"]);
        Assert.Equal(2, second.LastPosition);
    }

    [Fact]
    public async Task AppendAsync_AfterStop_Throws()
    {
        var sut = CreateSut();
        await sut.StartAsync(TestContext.Current.CancellationToken);
        await sut.StopAsync(TestContext.Current.CancellationToken);

        Assert.Throws<InvalidOperationException>(() => { _ = sut.AppendAsync([ReadingOf("d", 1, 1)]); });
    }

    [Fact]
    public void Checkpoints_AreKeptPerConsumer()
    {
        var store = new SqliteCheckpointStore(new DataFiles(_directory));

        store.Save("rules", 17);
        store.Save("timeseries", 3);
        store.Save("rules", 18);

        Assert.Equal((18L, 3L, 0L), (store.Get("rules"), store.Get("timeseries"), store.Get("nobody")));
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
