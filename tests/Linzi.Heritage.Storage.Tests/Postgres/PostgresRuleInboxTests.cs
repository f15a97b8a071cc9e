using System.Collections.Concurrent;
using System.Text.Json;
using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Coordination;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Rules;
using Microsoft.Extensions.Logging.Abstractions;

namespace Linzi.Heritage.Storage.Tests.Postgres;

/// <summary>
/// The shared rule inbox on a real PostgreSQL: what instances append, each partition's owner reads in commit order,
/// every field intact, and what the owner judged stays for a replay until it is old.
/// </summary>
public sealed class PostgresRuleInboxTests(PostgresRig postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    [Fact]
    public void Append_ThenReadAfter_EachPartitionInAppendOrder_EveryFieldIntact()
    {
        var sut = new PostgresRuleInbox(_database);
        var full = new Reading("gnss-exc-01", "qi-capital", T0.AddMilliseconds(123), 42, [new MetricValue("speed_m_s", 0.4), new MetricValue("hdop", 1.2)],
            36.86, 118.35, 3.61, -71) { Drill = true };
        var bare = new Reading("hp-vib-01", "horse-pit", T0, null, [new MetricValue("ppv_mm_s", 0.3)]);

        sut.Append([(3, full), (5, bare), (3, At("hp-vib-02", 1))], T0);
        sut.Append([(3, At("hp-vib-02", 2))], T0);

        var three = sut.ReadAfter(3, 0, 10);
        Assert.Equal([1L, 2, 3], three.Select(r => r.Position));
        Assert.Equal(JsonSerializer.Serialize(full), JsonSerializer.Serialize(three[0].Reading));
        Assert.Equal([1.0, 2.0], three.Skip(1).Select(r => r.Reading.Values[0].Value));
        var five = Assert.Single(sut.ReadAfter(5, 0, 10));
        Assert.Equal((1L, bare.Timestamp, (long?)null, bare.Values[0]), (five.Position, five.Reading.Timestamp, five.Reading.Seq, five.Reading.Values[0]));
        Assert.Equal([3L], sut.ReadAfter(3, 2, 10).Select(r => r.Position));
        Assert.Empty(sut.ReadAfter(4, 0, 10));
    }

    [Fact]
    public async Task Append_FromFourInstancesAtOnce_AReaderFollowingThePositionsMissesNothing()
    {
        // Each instance appends to partitions in its own mix while an owner follows partition 0 by position, as a
        // rule partition's judge does. A position taken by a transaction that commits after a later one would be
        // skipped by the reader for good.
        var instances = Enumerable.Range(0, 4).Select(_ => new PostgresRuleInbox(_database)).ToList();
        var reader = new PostgresRuleInbox(_database);
        var seen = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();
        var follow = Task.Run(() =>
        {
            var position = 0L;
            while (true)
            {
                var finished = done.IsCancellationRequested; // read once more after the last append
                foreach (var entry in reader.ReadAfter(0, position, 100))
                {
                    seen.Add(entry.Reading.DeviceId + "/" + entry.Reading.Seq);
                    position = entry.Position;
                }

                if (finished)
                {
                    return;
                }
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(instances.Select((inbox, i) => Task.Run(() =>
        {
            for (var round = 0; round < 40; round++)
            {
                inbox.Append([(round % 3, At("i" + i, round)), (0, At("i" + i, 1000 + round))], T0);
            }
        }, TestContext.Current.CancellationToken)));
        await done.CancelAsync();
        await follow;

        var expected = Enumerable.Range(0, 4).SelectMany(i => Enumerable.Range(0, 40)
            .SelectMany(round => round % 3 == 0 ? new[] { round, 1000 + round } : [1000 + round]).Select(seq => $"i{i}/{seq}"));
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(p => (long)p), reader.ReadAfter(0, 0, 1000).Select(r => r.Position));
    }

    [Fact]
    public void Checkpoint_OnlyMovesForward_PerPartition()
    {
        var sut = new PostgresRuleInbox(_database);
        Assert.Equal(0, sut.Checkpoint(2));

        sut.SaveCheckpoint(2, 7);
        sut.SaveCheckpoint(2, 5); // a paused old owner, late
        sut.SaveCheckpoint(3, 1);

        Assert.Equal((7L, 1L), (sut.Checkpoint(2), sut.Checkpoint(3)));
    }

    [Fact]
    public void ReadBack_TheNewestJudgedSinceATime_OldestFirst_AndTrim_DeletesOnlyWhatIsJudgedAndOld()
    {
        var sut = new PostgresRuleInbox(_database);
        for (var i = 1; i <= 6; i++)
        {
            sut.Append([(1, At("hp-clim-01", i))], T0.AddMinutes(i)); // positions 1..6, appended a minute apart
        }

        sut.SaveCheckpoint(1, 5);

        Assert.Equal([2L, 3, 4, 5], sut.ReadBack(1, 5, T0.AddMinutes(2), 10).Select(r => r.Position));
        Assert.Equal([4L, 5], sut.ReadBack(1, 5, T0, 2).Select(r => r.Position)); // over the limit: the newest, oldest first
        Assert.Equal(3, sut.Trim(1, T0.AddMinutes(4))); // 1, 2, 3
        Assert.Equal(2, sut.Trim(1, T0.AddMinutes(10))); // 4 and 5; 6 is not judged yet
        Assert.Equal([6L], sut.ReadAfter(1, 0, 10).Select(r => r.Position));
    }

    [Fact]
    public async Task Append_WakesTheListenersOfTheRulesTopic()
    {
        using var changes = new PostgresStateChanges(_database, TimeProvider.System, NullLogger<PostgresStateChanges>.Instance);
        var wake = changes.Subscribe(StateTopics.RuleInbox);
        await changes.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            Assert.True(await wake.WaitToReadAsync(timeout.Token));
            Assert.True(wake.TryRead(out _)); // the look at start
            await WaitUntilListeningAsync(timeout.Token);

            new PostgresRuleInbox(_database).Append([(0, At("hp-vib-01", 1))], T0);

            Assert.True(await wake.WaitToReadAsync(timeout.Token));
        }
        finally
        {
            await changes.StopAsync(CancellationToken.None);
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'";
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static Reading At(string device, int seq) => new(device, "horse-pit", T0.AddSeconds(seq), seq, [new MetricValue("v", seq)]);
}
