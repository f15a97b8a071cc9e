using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Alerts;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// The ledger as the only writer of alert state: the sequence, each alert's hash chain, the repeats it counts in
/// memory, and what a failed commit leaves behind. Driven through its real writers (rules, people, the sweep).
/// </summary>
public sealed class AlertLedgerTests
{
    private static AlertRig CreateSut(Func<IAlertStore, IAlertStore>? wrapStore = null) => new(wrapStore);

    [Fact]
    public async Task ChangeAsync_RaiseTransitionSweepAndFlush_TakeGaplessRisingNumbers()
    {
        using var rig = CreateSut();

        await rig.RaiseAsync("hp-vib-01");                                                // 1
        await rig.RaiseAsync("hp-vib-02");                                                // 2
        await rig.RaiseAsync("hp-vib-02", 0.4);                                           // a repeat: counted, no number
        await rig.Actions.AcknowledgeAsync("A000001", "inspector-03", "在路上");             // 3
        await rig.Ledger.FlushRepeatsAsync();                                             // 4: the repeat
        rig.Time.Advance(TimeSpan.FromMinutes(15));                                       // orange: 15 min to acknowledge
        var steps = await rig.Escalation.CheckAsync();                                    // 5: hp-vib-02 goes up a level
        await rig.Actions.ResolveAsync("A000001", "inspector-03", "handled", null);       // 6
        await rig.Rules.ClearAsync(AlertRig.PpvRule.Id, "hp-vib-02", "passed back");      // 7

        Assert.Equal(1, steps);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], rig.PushedSequences());
        Assert.Equal(7, rig.Store.MaxSequence());
    }

    [Fact]
    public async Task ChangesAfter_FromTheInMemoryTail_AreTheStoredChanges_AndANewLedgerReadsTheStore()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01");
        await rig.RaiseAsync("hp-vib-02");
        await rig.Actions.AcknowledgeAsync("A000001", "inspector-03", "在路上");
        await rig.Actions.RecordEvidenceAsync("A000001", "inspector-03", [("note", "照片")]); // not fed
        rig.Time.Advance(TimeSpan.FromMinutes(15));
        await rig.Escalation.CheckAsync();

        var stored = rig.Store.ChangesAfter(0, 100);
        Assert.Equal(Json(stored), Json(rig.Ledger.ChangesAfter(0, 100)));
        Assert.Equal(Json(stored.Skip(2).Take(1)), Json(rig.Ledger.ChangesAfter(stored[1].Position, 1)));

        // After a restart nothing is in memory yet: the changes come from the store, the same ones.
        var restarted = new AlertLedger(rig.Store, rig.Store, rig.Time);
        Assert.Equal(Json(stored), Json(restarted.ChangesAfter(0, 100)));
    }

    private static string Json(IEnumerable<AlertChange> changes) => System.Text.Json.JsonSerializer.Serialize(changes.ToList());

    [Fact]
    public async Task ChangeAsync_RefusedOrUnknownTransition_UsesNoNumber()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01");                                                // 1
        await rig.Actions.ResolveAsync("A000001", "inspector-03", "handled", null);       // 2

        var acknowledge = await rig.Actions.AcknowledgeAsync("A000001", "inspector-03", null);
        var resolveAgain = await rig.Actions.ResolveAsync("A000001", "inspector-03", "handled", null);
        var unknown = await rig.Actions.HandOverAsync("A999999", "bureau", "chief-qidu", null);
        await rig.RaiseAsync("hp-vib-02");                                                // 3, not 5

        Assert.Equal(
            (TransitionStatus.Conflict, TransitionStatus.Conflict, TransitionStatus.NotFound),
            (acknowledge.Status, resolveAgain.Status, unknown.Status));
        Assert.Equal(("A000003", 3L), (rig.StoredAlertOf("hp-vib-02").Id, rig.StoredAlertOf("hp-vib-02").Sequence));
        Assert.Equal([1, 2, 3], rig.PushedSequences());
    }

    [Fact]
    public async Task ChangeAsync_FiftyConcurrentWriters_KeepEveryChainIntactAndUseEachNumberOnce()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-00");
        const string Target = "A000001"; // the one alert people, evidence, repeats and the sweep all act on
        rig.Time.Advance(TimeSpan.FromMinutes(15)); // its acknowledge time has run out: the sweeps have a step to take

        List<Func<Task>> writers =
        [
            .. Enumerable.Range(1, 20).Select(i => (Func<Task>)(() => rig.RaiseAsync($"hp-vib-{i:D2}"))),
            .. Enumerable.Range(0, 6).Select(i => (Func<Task>)(() => rig.RaiseAsync("hp-vib-00", 0.3 + (i / 100.0)))),
            .. Enumerable.Range(0, 10).Select(i => (Func<Task>)(() => rig.Actions.RecordEvidenceAsync(Target, "inspector-03", [("note", $"巡查记录 {i}")]))),
            .. new[] { "chief-qidu", "chief-linzi", "inspector-03", "chief-district" }
                .Select(to => (Func<Task>)(() => rig.Actions.HandOverAsync(Target, "bureau", to, "交接"))),
            () => rig.Actions.AcknowledgeAsync(Target, "inspector-03", "在路上"),
            .. Enumerable.Range(0, 5).Select(_ => (Func<Task>)(() => rig.Escalation.CheckAsync())),
            .. Enumerable.Range(0, 4).Select(_ => (Func<Task>)(() => rig.Ledger.FlushRepeatsAsync())),
        ];
        Assert.Equal(50, writers.Count);

        await Task.WhenAll(writers.Select(writer => Task.Run(writer)));
        await rig.Ledger.FlushRepeatsAsync();

        var alerts = rig.Store.Query(new AlertQuery());
        Assert.Equal(21, alerts.Count);
        Assert.All(alerts, a => Assert.True(rig.Store.VerifyChain(a.Id).Intact, rig.Store.VerifyChain(a.Id).Problem));
        var sequences = rig.PushedSequences();
        Assert.Equal(Enumerable.Range(1, (int)rig.Store.MaxSequence()).Select(n => (long)n), sequences); // each number once, in commit order
        var events = rig.Store.Events(Target);
        Assert.Equal(
            (10, 4, 1),
            (events.Count(e => e.Type == "note"), events.Count(e => e.Type == "escalated" && e.Actor == "bureau"), events.Count(e => e.Type == "acknowledged")));
        Assert.Equal(7, rig.Store.Get(Target)!.Occurrences);
    }

    [Fact]
    public async Task FlushRepeatsAsync_CountedRepeats_WritesEachAlertOnceWithOneFeedEntry()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01");
        await rig.RaiseAsync("hp-vib-02");
        foreach (var value in new[] { 0.31, 0.32, 0.33 })
        {
            Assert.Equal(RaiseOutcome.Repeated, await rig.RaiseAsync("hp-vib-01", value));
        }

        await rig.RaiseAsync("hp-vib-02", 0.41);
        await rig.RaiseAsync("hp-vib-02", 0.42);
        var beforeFlush = (rig.Feed().Count, rig.StoredAlertOf("hp-vib-01").Occurrences);

        await rig.Ledger.FlushRepeatsAsync();
        await rig.Ledger.FlushRepeatsAsync(); // nothing left to write

        Assert.Equal((2, 1), beforeFlush);
        var flushed = rig.Feed().Skip(2).OrderBy(c => c.Alert.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [("A000001", 4, 0.33, AlertPush.Updated), ("A000002", 3, 0.42, AlertPush.Updated)],
            flushed.Select(c => (c.Alert.Id, c.Alert.Occurrences, c.Alert.LastValue, c.Push)));
        Assert.Equal([3L, 4L], flushed.Select(c => c.Alert.Sequence).Order());
        Assert.Equal((4, 3), (rig.StoredAlertOf("hp-vib-01").Occurrences, rig.StoredAlertOf("hp-vib-02").Occurrences));
    }

    // Known bug, not fixed here: evidence (and a reminder) writes the alert's row with the repeats counted in memory
    // but with its old number and no pushed feed entry, and takes the repeats off the list the next flush writes, so
    // the count never reaches the feed or a client that catches up by sequence. Unskip once the ledger keeps them.
    [Fact]
    public async Task FlushRepeatsAsync_EvidenceInBetween_StillPublishesTheCountWithANewNumber()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01");                                                // 1
        await rig.RaiseAsync("hp-vib-01", 0.5);                                           // counted in memory

        await rig.Actions.RecordEvidenceAsync("A000001", "inspector-03", [("note", "巡查")]);
        await rig.Ledger.FlushRepeatsAsync();                                             // 2: the repeat

        var last = rig.Feed()[^1];
        Assert.Equal((2L, 2, 0.5), (last.Alert.Sequence, last.Alert.Occurrences, last.Alert.LastValue));
        Assert.Equal(2L, rig.Store.Get("A000001")!.Sequence); // a client catching up by sequence sees the new count
    }

    [Fact]
    public async Task RecordEvidenceAsync_OnAResolvedAlert_LeavesTheOpenAlertOfTheSameRuleAndSubjectInMemory()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01");                                                // A000001
        await rig.Actions.ResolveAsync("A000001", "inspector-03", "handled", null);
        await rig.RaiseAsync("hp-vib-01");                                                // A000003, open
        await rig.RaiseAsync("hp-vib-01", 0.5);                                           // a repeat of A000003

        await rig.Actions.RecordEvidenceAsync("A000001", "inspector-03", [("attachment", "photo taken after resolving")]);
        var next = await rig.RaiseAsync("hp-vib-01", 0.6);
        await rig.Ledger.FlushRepeatsAsync();
        rig.Time.Advance(TimeSpan.FromMinutes(15));
        var steps = await rig.Escalation.CheckAsync();

        Assert.Equal(RaiseOutcome.Repeated, next); // still one open alert per rule and subject
        var open = Assert.Single(rig.Store.Active());
        Assert.Equal(("A000003", 3, 1, "chief-qidu"), (open.Id, open.Occurrences, steps, open.AssignedTo));
    }

    [Fact]
    public async Task CheckAsync_ReportOverdueOnAConfirmedCase_LeavesTheOpenAlertOfTheSameRuleAndSubjectInMemory()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01", 0.9, Severity.Red);                             // A000001
        await rig.Actions.ResolveAsConfirmedCaseAsync("A000001", "inspector-03", null);   // its reporting clock starts
        rig.Time.Advance(IncidentClock.InitialReportWithin);
        await rig.RaiseAsync("hp-vib-01", 0.9, Severity.Red);                             // A000003, open

        var steps = await rig.Escalation.CheckAsync();                                    // the initial report is overdue
        var next = await rig.RaiseAsync("hp-vib-01", 0.9, Severity.Red);

        Assert.Equal((1, RaiseOutcome.Repeated), (steps, next));
        Assert.True(rig.Store.Get("A000001")!.Incident!.InitialOverdue);
        Assert.Equal("A000003", Assert.Single(rig.Store.Active()).Id);
    }

    [Fact]
    public async Task ChangeAsync_CommitFails_LeavesTheAlertAsItWas_AndTheNextChangeTakesTheNextNumber()
    {
        FlakyAlertStore? store = null;
        using var rig = CreateSut(s => store = new FlakyAlertStore(s));
        await rig.RaiseAsync("hp-vib-01"); // 1

        store!.FailNextCommit();
        await Assert.ThrowsAsync<IOException>(() => rig.Actions.AcknowledgeAsync("A000001", "inspector-03", null));

        Assert.Equal((AlertState.Open, 1), (rig.Store.Get("A000001")!.State, rig.Feed().Count));
        // Nor did memory change: the alert can still be acknowledged, and that takes number 2.
        var acknowledged = await rig.Actions.AcknowledgeAsync("A000001", "inspector-03", null);
        Assert.Equal((TransitionStatus.Done, 2L), (acknowledged.Status, acknowledged.Alert!.Sequence));
        Assert.Equal([1, 2], rig.PushedSequences());
    }

    [Fact]
    public async Task ChangeAsync_RaiseCommitFails_KeepsNoActiveAlertInMemory_SoTheNextMatchRaisesIt()
    {
        FlakyAlertStore? store = null;
        using var rig = CreateSut(s => store = new FlakyAlertStore(s));
        await rig.RaiseAsync("hp-vib-01"); // 1

        store!.FailNextCommit();
        await Assert.ThrowsAsync<IOException>(() => rig.RaiseAsync("hp-vib-02"));
        var again = await rig.RaiseAsync("hp-vib-02");

        Assert.Equal(RaiseOutcome.Raised, again); // not counted as a repeat of an alert that was never written
        Assert.Equal(("A000002", 2L, 1), (rig.StoredAlertOf("hp-vib-02").Id, rig.StoredAlertOf("hp-vib-02").Sequence, rig.StoredAlertOf("hp-vib-02").Occurrences));
        Assert.Equal([1, 2], rig.PushedSequences());
    }

    [Fact]
    public async Task FlushRepeatsAsync_CommitFails_KeepsTheCountsForTheNextFlush()
    {
        FlakyAlertStore? store = null;
        using var rig = CreateSut(s => store = new FlakyAlertStore(s));
        await rig.RaiseAsync("hp-vib-01"); // 1
        await rig.RaiseAsync("hp-vib-01", 0.35);
        await rig.RaiseAsync("hp-vib-01", 0.36);

        store!.FailNextCommit();
        await Assert.ThrowsAsync<IOException>(rig.Ledger.FlushRepeatsAsync);
        await rig.Ledger.FlushRepeatsAsync();

        var stored = rig.StoredAlertOf("hp-vib-01");
        Assert.Equal((3, 0.36, 2L), (stored.Occurrences, stored.LastValue, stored.Sequence));
        Assert.Equal([1, 2], rig.PushedSequences());
    }

    [Fact]
    public async Task CheckAsync_CommitFails_TakesTheSameStepNextSweep()
    {
        FlakyAlertStore? store = null;
        using var rig = CreateSut(s => store = new FlakyAlertStore(s));
        await rig.RaiseAsync("hp-vib-01"); // 1
        rig.Time.Advance(TimeSpan.FromMinutes(15));

        store!.FailNextCommit();
        await Assert.ThrowsAsync<IOException>(rig.Escalation.CheckAsync);
        var steps = await rig.Escalation.CheckAsync();

        var stored = rig.StoredAlertOf("hp-vib-01");
        Assert.Equal((1, 1, "chief-qidu", 2L), (steps, stored.Level, stored.AssignedTo, stored.Sequence));
        Assert.Equal(1, rig.Store.Events("A000001").Count(e => e.Type == "escalated"));
        Assert.True(rig.Store.VerifyChain("A000001").Intact);
    }
}
