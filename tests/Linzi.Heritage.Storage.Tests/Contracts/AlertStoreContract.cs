using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using static Linzi.Heritage.Storage.Tests.Contracts.AlertLedgerScript;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IAlertStore"/> must do, from the port's documentation. Tamper detection (editing rows behind
/// the store's back) is adapter-specific and stays in the adapter's own tests.
/// </summary>
public abstract class AlertStoreContract
{
    private readonly AlertLedgerScript _ledger = new();

    /// <summary>A store on this test's own, initially empty storage; a second call opens the same storage again (a restart).</summary>
    protected abstract IAlertStore CreateSut();

    [Fact]
    public void MaxSequence_Empty_IsZero()
    {
        Assert.Equal(0, CreateSut().MaxSequence());
    }

    [Fact]
    public void MaxSequence_AfterCommits_IsTheHighestSequence()
    {
        var sut = CreateSut();
        var a1 = _ledger.Raise("A1", T0);
        var a2 = _ledger.Raise("A2", T0.AddMinutes(1));
        sut.Commit([a1, a2]);
        sut.Commit([_ledger.Acknowledge(a1.Alert, T0.AddMinutes(2))]);

        Assert.Equal(3, sut.MaxSequence());
        Assert.Equal(3, CreateSut().MaxSequence());
    }

    [Fact]
    public void Get_Unknown_ReturnsNull()
    {
        Assert.Null(CreateSut().Get("nope"));
    }

    [Fact]
    public void Get_AfterReopen_ReturnsEveryFieldAsCommitted()
    {
        var sut = CreateSut();
        var raised = _ledger.Raise("A1", T0, drill: true);
        var repeated = Repeat(raised.Alert, T0.AddSeconds(30));
        var acknowledged = _ledger.Acknowledge(repeated.Alert, T0.AddMinutes(1));
        var escalated = _ledger.Escalate(acknowledged.Alert, "village", T0.AddMinutes(2));
        var resolved = _ledger.Resolve(escalated.Alert, T0.AddMinutes(3));
        var confirmed = _ledger.ConfirmCase(resolved.Alert, T0.AddMinutes(4));
        var reported = _ledger.Report(confirmed.Alert, "initial", T0.AddMinutes(5));
        foreach (var entry in new[] { raised, repeated, acknowledged, escalated, resolved, confirmed, reported })
        {
            sut.Commit([entry]);
        }

        var read = CreateSut().Get("A1");

        Assert.NotNull(read);
        Assert.Equal(Json(reported.Alert), Json(read));
        Assert.Equal((2, 0.4, true, "village"), (read.Occurrences, read.LastValue, read.Drill, read.AssignedTo));
    }

    [Fact]
    public void Commit_ChangedAlert_ReplacesItsRow()
    {
        var sut = CreateSut();
        var raised = _ledger.Raise("A1", T0);
        sut.Commit([raised]);

        var acknowledged = _ledger.Acknowledge(raised.Alert, T0.AddMinutes(1));
        sut.Commit([acknowledged]);

        Assert.Equal(Json(acknowledged.Alert), Json(sut.Get("A1")));
    }

    [Fact]
    public void Commit_WithAFailingEntry_WritesNothing()
    {
        var sut = CreateSut();
        var a1 = _ledger.Raise("A1", T0);
        sut.Commit([a1]);
        var acknowledged = _ledger.Acknowledge(a1.Alert, T0.AddMinutes(1));
        var broken = _ledger.Raise("A2", T0.AddMinutes(1));
        broken = broken with { Alert = broken.Alert with { Message = null! } }; // No store can keep an alert without its text.

        var error = Record.Exception(() => sut.Commit([acknowledged, broken]));

        Assert.NotNull(error);
        Assert.Equal(AlertState.Open, sut.Get("A1")!.State);
        Assert.Null(sut.Get("A2"));
        Assert.Equal(["raised"], sut.Events("A1").Select(e => e.Type));
        Assert.Equal(1, sut.MaxSequence());
        Assert.True(sut.VerifyChain("A1").Intact);
    }

    [Fact]
    public void Version_RisesByOnePerCommit_AndSurvivesAReopen()
    {
        var sut = CreateSut();
        var before = sut.Version();
        var raised = _ledger.Raise("A1", T0);
        sut.Commit([raised], before);
        sut.Commit([_ledger.Acknowledge(raised.Alert, T0.AddMinutes(1))]);

        Assert.Equal(before + 2, sut.Version());
        Assert.Equal(before + 2, CreateSut().Version());
    }

    [Fact]
    public void Commit_AtAStaleVersion_IsRefusedAndWritesNothing()
    {
        var sut = CreateSut();
        var seen = sut.Version();
        sut.Commit([_ledger.Raise("A1", T0)], seen); // another instance's commit

        var error = Assert.Throws<LedgerConflictException>(() => sut.Commit([_ledger.Raise("A2", T0.AddMinutes(1))], seen));

        Assert.Equal(seen, error.ExpectedVersion);
        Assert.Null(sut.Get("A2"));
        Assert.Equal(1, sut.MaxSequence());
        Assert.Equal(seen + 1, sut.Version());
    }

    [Fact]
    public async Task Commit_FourWritersAtTheSameVersion_ExactlyOneWins()
    {
        var sut = CreateSut();
        for (var round = 0; round < 10; round++)
        {
            var seen = sut.Version();
            var entries = Enumerable.Range(0, 4).Select(i => _ledger.Raise($"R{round}-{i}", T0.AddMinutes(round))).ToList();
            using var start = new Barrier(4);
            var outcomes = await Task.WhenAll(entries.Select(entry => Task.Run(() =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                try
                {
                    sut.Commit([entry], seen);
                    return true;
                }
                catch (LedgerConflictException)
                {
                    return false;
                }
            })));

            Assert.Equal(1, outcomes.Count(won => won));
            Assert.Equal(seen + 1, sut.Version());
            Assert.Single(entries, e => sut.Get(e.Alert.Id) is not null);
        }
    }

    [Fact]
    public void Events_AcrossCommits_AreTheHistoryOldestFirst()
    {
        var sut = CreateSut();
        var raised = _ledger.Raise("A1", T0);
        var acknowledged = _ledger.Acknowledge(raised.Alert, T0.AddMinutes(1));
        var escalated = _ledger.Escalate(acknowledged.Alert, "village", T0.AddMinutes(2));
        var resolved = _ledger.Resolve(escalated.Alert, T0.AddMinutes(3), "false_alarm");
        sut.Commit([raised]);
        sut.Commit([acknowledged, _ledger.Raise("A2", T0.AddMinutes(1))]);
        sut.Commit([escalated]);
        sut.Commit([resolved]);

        var events = CreateSut().Events("A1");

        Assert.Equal(
            Json(new[] { raised, acknowledged, escalated, resolved }.SelectMany(e => e.Events)),
            Json(events));
        Assert.Equal(("village", "false_alarm"), (events[2].To, events[3].Disposition));
    }

    [Fact]
    public void Events_Unknown_IsEmpty()
    {
        Assert.Empty(CreateSut().Events("nope"));
    }

    [Fact]
    public void VerifyChain_AfterSeveralCommits_IsIntactAndCountsEveryEvent()
    {
        var sut = CreateSut();
        var a1 = _ledger.Raise("A1", T0);
        var a2 = _ledger.Raise("A2", T0);
        sut.Commit([a1, a2]);
        var acknowledged = _ledger.Acknowledge(a1.Alert, T0.AddMinutes(1));
        sut.Commit([acknowledged, Remind(a2.Alert, "district", T0.AddMinutes(1))]);
        sut.Commit([_ledger.Resolve(acknowledged.Alert, T0.AddMinutes(2))]);

        var reopened = CreateSut();
        var first = reopened.VerifyChain("A1");
        var second = reopened.VerifyChain("A2");

        Assert.Equal((true, 3, (long?)null, (string?)null), (first.Intact, first.EventsChecked, first.BrokenAtEventId, first.Problem));
        Assert.Equal((true, 2), (second.Intact, second.EventsChecked));
        Assert.Equal("A1", first.AlertId);
    }

    [Fact]
    public void Active_LeavesResolvedAlertsOut()
    {
        var sut = CreateSut();
        var a1 = _ledger.Raise("A1", T0);
        var a2 = _ledger.Raise("A2", T0);
        var a3 = _ledger.Raise("A3", T0);
        sut.Commit([a1, a2, a3]);
        sut.Commit([_ledger.Acknowledge(a2.Alert, T0.AddMinutes(1)), _ledger.Resolve(a3.Alert, T0.AddMinutes(1))]);

        Assert.Equal(["A1", "A2"], sut.Active().Select(a => a.Id).Order());
    }

    [Fact]
    public void ClockStarts_AreTheLatestClockEventOfEachActiveAlert()
    {
        var sut = CreateSut();
        var escalatedThenUpgraded = _ledger.Raise("A1", T0);
        var acknowledged = _ledger.Raise("A2", T0.AddMinutes(1));
        var reminded = _ledger.Raise("A3", T0.AddMinutes(2));
        var resolved = _ledger.Raise("A4", T0.AddMinutes(3));
        sut.Commit([escalatedThenUpgraded, acknowledged, reminded, resolved]);
        var escalation = _ledger.Escalate(escalatedThenUpgraded.Alert, "village", T0.AddMinutes(5));
        sut.Commit([escalation]);
        sut.Commit([_ledger.Upgrade(escalation.Alert, T0.AddMinutes(8))]); // Not a clock event.
        sut.Commit([_ledger.Acknowledge(acknowledged.Alert, T0.AddMinutes(3))]);
        sut.Commit([Remind(reminded.Alert, "district", T0.AddMinutes(20))]);
        sut.Commit([_ledger.Resolve(resolved.Alert, T0.AddMinutes(4))]);

        var starts = sut.ClockStarts();

        Assert.Equal(
            [("A1", T0.AddMinutes(5)), ("A2", T0.AddMinutes(3)), ("A3", T0.AddMinutes(20))],
            starts.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void OpenIncidents_AreConfirmedCasesWithAReportOutstanding()
    {
        var sut = CreateSut();
        Alert Confirmed(string id, params string[] reports)
        {
            var raised = _ledger.Raise(id, T0);
            var resolved = _ledger.Resolve(raised.Alert, T0.AddMinutes(10));
            var entries = new List<LedgerEntry> { raised, resolved, _ledger.ConfirmCase(resolved.Alert, T0.AddMinutes(11)) };
            foreach (var kind in reports)
            {
                entries.Add(_ledger.Report(entries[^1].Alert, kind, T0.AddMinutes(12 + entries.Count)));
            }

            foreach (var entry in entries)
            {
                sut.Commit([entry]);
            }

            return entries[^1].Alert;
        }

        Confirmed("none-reported");
        Confirmed("initial-only", "initial");
        Confirmed("formal-only", "formal");
        Confirmed("both", "initial", "formal");
        var plain = _ledger.Raise("plain", T0);
        sut.Commit([plain]);
        sut.Commit([_ledger.Resolve(plain.Alert, T0.AddMinutes(1))]);

        var open = sut.OpenIncidents();

        Assert.Equal(["formal-only", "initial-only", "none-reported"], open.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.All(open, a => Assert.NotNull(a.Incident));
    }

    [Fact]
    public void WithEvents_RaisedInTheHalfOpenRange_OfTheAskedKind_WithoutSystemAlerts()
    {
        var sut = CreateSut();
        var before = _ledger.Raise("before", T0.AddMinutes(-1));
        var atStart = _ledger.Raise("at-start", T0);
        var inside = _ledger.Raise("inside", T0.AddMinutes(30));
        var atEnd = _ledger.Raise("at-end", T0.AddHours(1));
        var drill = _ledger.Raise("drill", T0.AddMinutes(10), drill: true);
        var system = _ledger.RaiseSystem("system", T0.AddMinutes(5));
        sut.Commit([before, atStart, inside, atEnd, drill, system]);
        var acknowledged = _ledger.Acknowledge(inside.Alert, T0.AddMinutes(31));
        sut.Commit([acknowledged]);

        var real = sut.WithEvents(T0, T0.AddHours(1), drill: false);
        var drills = sut.WithEvents(T0, T0.AddHours(1), drill: true);

        Assert.Equal(["at-start", "inside"], real.Select(r => r.Alert.Id).Order(StringComparer.Ordinal));
        var insideHistory = real.Single(r => r.Alert.Id == "inside");
        Assert.Equal(AlertState.Acknowledged, insideHistory.Alert.State);
        Assert.Equal(["raised", "acknowledged"], insideHistory.Events.Select(e => e.Type));
        Assert.Equal(["drill"], drills.Select(r => r.Alert.Id));
    }

    [Fact]
    public void Query_WithoutFilters_ListsNewestChangeFirst()
    {
        var sut = CreateSut();
        var a1 = _ledger.Raise("A1", T0);
        var a2 = _ledger.Raise("A2", T0.AddMinutes(1));
        var a3 = _ledger.Raise("A3", T0.AddMinutes(2));
        sut.Commit([a1, a2, a3]);
        sut.Commit([_ledger.Acknowledge(a1.Alert, T0.AddMinutes(3))]);

        Assert.Equal(["A1", "A3", "A2"], sut.Query(new AlertQuery()).Select(a => a.Id));
    }

    [Fact]
    public void Query_ByStateSiteAndCell_AppliesEachFilter()
    {
        var sut = CreateSut();
        var a1 = _ledger.Raise("A1", T0, siteId: "horse-pit", cellId: "c1");
        var a2 = _ledger.Raise("A2", T0, siteId: "horse-pit", cellId: "c2");
        var a3 = _ledger.Raise("A3", T0, siteId: "city-wall", cellId: "c3");
        sut.Commit([a1, a2, a3]);
        sut.Commit([_ledger.Acknowledge(a2.Alert, T0.AddMinutes(1))]);

        Assert.Equal(["A3", "A1"], sut.Query(new AlertQuery(State: AlertState.Open)).Select(a => a.Id));
        Assert.Equal(["A2", "A1"], sut.Query(new AlertQuery(SiteId: "horse-pit")).Select(a => a.Id));
        Assert.Equal(["A2"], sut.Query(new AlertQuery(CellId: "c2")).Select(a => a.Id));
        Assert.Empty(sut.Query(new AlertQuery(State: AlertState.Acknowledged, SiteId: "city-wall")));
    }

    [Fact]
    public void Query_VisibleCells_AlsoShowHandedOverAlertsAndTheChiefsCellLessSites()
    {
        var sut = CreateSut();
        var own = _ledger.Raise("own-cell", T0, cellId: "c1");
        var other = _ledger.Raise("other-cell", T0, cellId: "c2");
        var handed = _ledger.Raise("handed-over", T0, cellId: "c2");
        var chiefsSite = _ledger.Raise("chiefs-site", T0, siteId: "horse-pit", cellId: null);
        var otherSite = _ledger.Raise("other-site", T0, siteId: "city-wall", cellId: null);
        sut.Commit([own, other, handed, chiefsSite, otherSite]);
        sut.Commit([_ledger.Escalate(handed.Alert, "chief-li", T0.AddMinutes(1))]);

        var seen = sut.Query(new AlertQuery(VisibleCellIds: ["c1"], Username: "chief-li", ChiefOfSiteIds: ["horse-pit"]));
        var nothingVisible = sut.Query(new AlertQuery(VisibleCellIds: []));
        var everything = sut.Query(new AlertQuery(VisibleCellIds: null));

        Assert.Equal(["chiefs-site", "handed-over", "own-cell"], seen.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Empty(nothingVisible);
        Assert.Equal(5, everything.Count);
    }

    [Fact]
    public void Query_SinceSequenceAndLimit_ReturnTheNewestChangesAfterIt()
    {
        var sut = CreateSut();
        var entries = Enumerable.Range(1, 6).Select(i => _ledger.Raise("A" + i, T0.AddMinutes(i))).ToList();
        sut.Commit(entries);

        Assert.Equal(["A6", "A5", "A4"], sut.Query(new AlertQuery(SinceSequence: 3)).Select(a => a.Id));
        Assert.Equal(["A6", "A5"], sut.Query(new AlertQuery(Limit: 2)).Select(a => a.Id));
        Assert.Equal(["A6"], sut.Query(new AlertQuery(SinceSequence: 2, Limit: 1)).Select(a => a.Id));
        Assert.Empty(sut.Query(new AlertQuery(SinceSequence: 6)));
    }

    [Fact]
    public void Query_ReturnsAlertsAsCommitted()
    {
        var sut = CreateSut();
        var raised = _ledger.Raise("A1", T0, severity: Severity.Orange);
        sut.Commit([raised]);

        Assert.Equal(Json(raised.Alert), Json(Assert.Single(sut.Query(new AlertQuery()))));
    }
}
