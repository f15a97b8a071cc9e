using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IPatrolStore"/> must do, from the port's documentation.</summary>
public abstract class PatrolStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A patrol store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IPatrolStore CreateSut();

    private static PatrolPosition At(double minutes, double lat = 36.861) => new(T0.AddMinutes(minutes), lat, 118.351, 8.5);

    private static PatrolDuty Duty(string cellId, string every = "P1D")
    {
        Schedule.TryFindZone(null, out var zone);
        return new PatrolDuty(cellId, PatrolEvery.TryParse(every)!, new TimeOnly(8, 0), new TimeOnly(18, 0), zone, "bureau", T0);
    }

    [Fact]
    public void Create_ThenFindAfterReopen_ReturnsItAtVersion1_AndAsRunning()
    {
        CreateSut().Create(new Patrol("p1", "insp", T0, null));

        var sut = CreateSut();

        var found = sut.Find("p1")!;
        Assert.Equal(("p1", "insp", T0, (DateTimeOffset?)null, 1L), (found.Patrol.Id, found.Patrol.Inspector, found.Patrol.StartedAt, found.Patrol.EndedAt, found.Version));
        Assert.Empty(found.Patrol.Visits);
        Assert.Equal("p1", sut.Running("insp")?.Patrol.Id);
        Assert.Null(sut.Running("other"));
        Assert.Null(sut.Find("nope"));
    }

    [Fact]
    public void Create_ASecondRunningPatrolOfAnInspector_IsRefusedThroughAnotherInstance_UntilTheFirstEnds()
    {
        var one = CreateSut();
        var two = CreateSut(); // a second instance on the same storage
        var first = new Patrol("p1", "insp", T0, null);

        Assert.True(one.Create(first));
        Assert.False(two.Create(new Patrol("p2", "insp", T0.AddSeconds(1), null)));

        Assert.Equal("p1", two.Running("insp")?.Patrol.Id);
        Assert.Null(one.Find("p2"));
        Assert.True(two.Create(new Patrol("p3", "other", T0, null))); // another inspector's
        Assert.True(two.Create(new Patrol("p4", "insp", T0.AddDays(-1), T0.AddDays(-1).AddHours(2)))); // an ended one
        Assert.True(one.Save(new PatrolChange(first with { EndedAt = T0.AddHours(1) }, 1, [], [], [])));
        Assert.True(two.Create(new Patrol("p5", "insp", T0.AddHours(2), null)));
        Assert.Equal("p5", one.Running("insp")?.Patrol.Id);
    }

    [Fact]
    public async Task WithdrawDuty_ByTwoInstancesAtOnce_SucceedsOnce()
    {
        IPatrolStore[] instances = [CreateSut(), CreateSut()];
        for (var round = 0; round < 10; round++)
        {
            var cell = "c" + round;
            instances[0].PutDuty(Duty(cell));
            using var start = new Barrier(instances.Length);
            var withdrawn = await Task.WhenAll(instances.Select((store, i) => Task.Run(
                () =>
                {
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    return store.WithdrawDuty(cell, T0.AddHours(i + 1));
                },
                TestContext.Current.CancellationToken)));

            Assert.Single(withdrawn, w => w is not null);
            Assert.NotNull(instances[1].Duty(cell)!.EndedAt);
        }
    }

    [Fact]
    public async Task Create_ByTwoInstancesAtOnce_ForOneInspector_StoresExactlyOne_AndRunningReturnsIt()
    {
        IPatrolStore[] instances = [CreateSut(), CreateSut()];
        for (var round = 0; round < 10; round++)
        {
            var inspector = "insp-" + round;
            using var start = new Barrier(instances.Length);
            var created = await Task.WhenAll(instances.Select((store, i) => Task.Run(
                () =>
                {
                    var patrol = new Patrol($"{inspector}-{i}", inspector, T0.AddMilliseconds(i), null);
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    return (patrol.Id, Created: store.Create(patrol));
                },
                TestContext.Current.CancellationToken)));

            var winner = Assert.Single(created, c => c.Created);
            Assert.Equal(winner.Id, instances[0].Running(inspector)?.Patrol.Id);
            Assert.Null(instances[1].Find(Assert.Single(created, c => !c.Created).Id));
        }
    }

    [Fact]
    public void Save_FromTheCurrentVersion_StoresStateVisitsAndTrack_AndAStaleVersionIsRefused()
    {
        var sut = CreateSut();
        var patrol = new Patrol("p1", "insp", T0, null);
        sut.Create(patrol);
        var visit = new PatrolVisit("w", "horse-pit", T0.AddMinutes(6), T0.AddMinutes(14));
        var stay = patrol with { Stay = visit, Last = At(14), AcceptedPositions = 2, RejectedPositions = 1 };
        var rejected = new RejectedPosition(At(10, 37.3), PatrolRejections.ImpossibleSpeed);

        Assert.True(sut.Save(new PatrolChange(stay, 1, [visit], [At(6), At(14)], [rejected])));
        Assert.False(sut.Save(new PatrolChange(stay with { RejectedPositions = 9 }, 1, [], [], []))); // someone else came first

        var stored = CreateSut().Find("p1")!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(visit, stored.Patrol.Stay);
        Assert.Equal((At(14), 2, 1), (stored.Patrol.Last, stored.Patrol.AcceptedPositions, stored.Patrol.RejectedPositions));
        Assert.Equal([new InspectorVisit("insp", visit)], sut.Visits(T0, T0.AddDays(1)));
        Assert.Equal([new TrackPoint(At(6), null), new TrackPoint(rejected.Position, rejected.Reason), new TrackPoint(At(14), null)], sut.Track("p1"));
    }

    [Fact]
    public void Save_ReplacesThePatrolsVisits_AndAnEndedPatrolIsNoLongerRunning()
    {
        var sut = CreateSut();
        var patrol = new Patrol("p1", "insp", T0, null);
        sut.Create(patrol);
        var growing = new PatrolVisit("w", null, T0.AddMinutes(6), T0.AddMinutes(12));
        sut.Save(new PatrolChange(patrol, 1, [growing], [], []));

        var ended = patrol with { EndedAt = T0.AddMinutes(30), Visits = [growing with { LeftAt = T0.AddMinutes(20) }] };
        Assert.True(sut.Save(new PatrolChange(ended, 2, ended.Visits, [], [])));

        Assert.Equal([T0.AddMinutes(20)], sut.Visits(T0, T0.AddDays(1)).Select(v => v.Visit.LeftAt));
        Assert.Null(sut.Running("insp"));
        Assert.Equal(T0.AddMinutes(30), sut.Find("p1")!.Patrol.EndedAt);
    }

    [Fact]
    public void Visits_AreThoseArrivedOrLeftInTheRange_OldestFirst()
    {
        var sut = CreateSut();
        var patrol = new Patrol("p1", "insp", T0, null);
        sut.Create(patrol);
        PatrolVisit[] visits =
        [
            new("a", null, T0.AddHours(-2), T0.AddHours(-1)),            // before
            new("b", null, T0.AddMinutes(-10), T0.AddMinutes(5)),        // left inside
            new("c", null, T0.AddHours(3), T0.AddHours(3.5)),            // inside
            new("d", null, T0.AddHours(6), T0.AddHours(6.2)),            // at the end: outside
        ];
        sut.Save(new PatrolChange(patrol, 1, visits, [], []));

        Assert.Equal(["b", "c"], sut.Visits(T0, T0.AddHours(6)).Select(v => v.Visit.CellId));
    }

    [Fact]
    public void DeletePositionsBefore_DeletesOnlyOlderPositions_AndKeepsTheVisits()
    {
        var sut = CreateSut();
        var patrol = new Patrol("p1", "insp", T0, null);
        sut.Create(patrol);
        var visit = new PatrolVisit("w", null, T0, T0.AddMinutes(30));
        sut.Save(new PatrolChange(patrol, 1, [visit], [At(0), At(10), At(30)], []));

        Assert.Equal(2, sut.DeletePositionsBefore(T0.AddMinutes(30)));

        Assert.Equal([At(30)], sut.Track("p1").Select(p => p.Position));
        Assert.Single(sut.Visits(T0, T0.AddDays(1)));
    }

    [Fact]
    public void Duties_PutReplaceWithdraw_AndTheJudgementSurvivesAReplace()
    {
        var sut = CreateSut();
        sut.PutDuty(Duty("w"));
        sut.PutDuty(Duty("e", "P1W"));
        sut.SaveJudgement("w", new DutyJudgement(T0.AddHours(10), T0.AddHours(10)));

        sut.PutDuty(Duty("w", "P1M"));

        var duties = CreateSut().Duties();
        Assert.Equal(["e", "w"], duties.Select(d => d.Duty.CellId));
        Assert.Equal(new PatrolEvery(1, 0), duties[1].Duty.Every);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(18, 0), "bureau", T0), (duties[1].Duty.WindowFrom, duties[1].Duty.WindowTo, duties[1].Duty.SetBy, duties[1].Duty.SetAt));
        Assert.Equal(new DutyJudgement(T0.AddHours(10), T0.AddHours(10)), duties[1].Judgement);
        Assert.Equal(DutyJudgement.None, duties[0].Judgement);

        // A withdrawn duty leaves the duties in force but is kept, with its end, for the reports of its weeks; the
        // monitor's missed deadline stays for its next round to clear that alert.
        sut.SaveJudgement("e", new DutyJudgement(T0.AddHours(5), T0.AddHours(5)));
        var withdrawn = sut.WithdrawDuty("e", T0.AddDays(3));
        Assert.Equal(("e", (DateTimeOffset?)null), (withdrawn?.CellId, withdrawn?.EndedAt));
        Assert.Null(sut.WithdrawDuty("e", T0.AddDays(4)));
        Assert.Null(sut.WithdrawDuty("nowhere", T0));
        var reopened = CreateSut();
        Assert.Equal(["w"], reopened.Duties().Select(d => d.Duty.CellId));
        var all = reopened.AllDuties();
        Assert.Equal(["e", "w"], all.Select(d => d.Duty.CellId));
        Assert.Equal((new PatrolEvery(0, 7), (DateTimeOffset?)T0.AddDays(3), new DutyJudgement(null, T0.AddHours(5))), (all[0].Duty.Every, all[0].Duty.EndedAt, all[0].Judgement));
        Assert.Equal(T0.AddDays(3), reopened.Duty("e")!.EndedAt);
        Assert.Null(reopened.Duty("w")!.EndedAt);
        Assert.Null(reopened.Duty("nowhere"));
    }

    [Fact]
    public void Reports_AreKeptWholeAfterReopen_ByPatrolAndByTime()
    {
        var sut = CreateSut();
        var report = new VisitReport(
            "p1", "insp", "w", T0.AddMinutes(20), new Dictionary<string, string> { ["site"] = "ok", ["digging"] = "problem" }, "新鲜盗洞一处",
            36.861, 118.351, [new ReportPhoto("distant", "a1", "far.jpg", "ab12", 1234), new ReportPhoto("close", "a2", "near.jpg", "cd34", 2345)]);
        sut.AddReport(report);
        sut.AddReport(report with { PatrolId = "p2", At = T0.AddDays(2) });

        var reopened = CreateSut();
        var kept = Assert.Single(reopened.ReportsOf("p1"));
        Assert.Equal((report.CellId, report.Note, report.Lat, report.Problems), (kept.CellId, kept.Note, kept.Lat, kept.Problems));
        Assert.Equal(report.Photos, kept.Photos);
        Assert.Equal(report.Checks, kept.Checks);
        Assert.Equal(["p1"], reopened.Reports(T0, T0.AddDays(1)).Select(r => r.PatrolId));
    }
}
