using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server.Alerts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// Two ledgers on one store, as two instances on one PostgreSQL: a ledger that decided on state another instance has
/// changed since is refused by the store's version check, reloads and decides again. Run here on the real SQLite
/// adapter (the version check is the same SQL on both engines; the store's own contract runs it on PostgreSQL too).
/// </summary>
public sealed class AlertLedgerSharedStoreTests
{
    [Fact]
    public async Task RaiseAsync_SameRuleAndSubjectOnTwoInstances_IsOneAlert_AndNumbersStayGlobalAndGapless()
    {
        using var rig = new AlertRig();
        using var other = new AlertLedger(rig.Store, rig.Store, rig.Time);
        var otherRules = new RuleAlerts(other, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance);
        await otherRules.ApplyAsync([rig.RaiseOf("hp-vib-09")]);                           // 1, through the other instance

        await rig.RaiseAsync("hp-vib-01");                                                // 2: this instance's caches are fresh
        await otherRules.ApplyAsync([rig.RaiseOf("hp-vib-01")]);                          // stale: refused, decided again, a repeat
        await otherRules.ApplyAsync([rig.RaiseOf("hp-vib-02")]);                          // 3
        var acknowledged = await rig.Actions.AcknowledgeAsync("A000003", "inspector-03", null); // 4, after a reload here too

        Assert.Equal(TransitionStatus.Done, acknowledged.Status);
        Assert.Single(rig.Store.Active(), a => a.DeviceId == "hp-vib-01");
        Assert.Equal([1, 2, 3, 4], rig.PushedSequences());
        Assert.Equal((1, 1), (other.Conflicts, rig.Ledger.Conflicts));
        await other.FlushRepeatsAsync();                                                  // 5: the repeat it counted after its reload
        Assert.Equal(2, rig.StoredAlertOf("hp-vib-01").Occurrences);
    }

    [Fact]
    public async Task ApplyAsync_ThreeInstancesRacing_RaiseEachSubjectOnce()
    {
        using var rig = new AlertRig();
        var ledgers = new[] { rig.Ledger, new AlertLedger(rig.Store, rig.Store, rig.Time), new AlertLedger(rig.Store, rig.Store, rig.Time) };
        var rules = ledgers.Select(l => new RuleAlerts(l, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance)).ToList();

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => rules[i % 3].ApplyAsync([rig.RaiseOf($"hp-vib-{i % 5:00}")]))));
        foreach (var ledger in ledgers)
        {
            await ledger.FlushRepeatsAsync();
        }

        var alerts = rig.Store.Active();
        Assert.Equal(5, alerts.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"hp-vib-{i:00}"), alerts.Select(a => a.DeviceId).Order());
        var sequences = rig.PushedSequences();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n), sequences);
        Assert.True(rig.Store.VerifyChains().Intact);
        foreach (var ledger in ledgers.Skip(1))
        {
            ledger.Dispose();
        }
    }

    [Fact]
    public async Task EscalationSweep_OnASharedStore_SeesAnAlertAnotherInstanceRaised_ThoughItWroteNothingSince()
    {
        using var rig = new AlertRig(store => new FlakyAlertStore(store) { SharedOverride = true });
        await rig.Escalation.CheckAsync();                        // this instance's ledger has looked: nothing active
        using var other = new AlertLedger(new FlakyAlertStore(rig.Store) { SharedOverride = true }, rig.Store, rig.Time);
        await new RuleAlerts(other, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance).ApplyAsync([rig.RaiseOf("hp-vib-01")]);

        rig.Time.Advance(TimeSpan.FromMinutes(15));
        var steps = await rig.Escalation.CheckAsync();

        Assert.Equal(1, steps);
        Assert.Equal("escalated", rig.Store.Events(rig.StoredAlertOf("hp-vib-01").Id)[^1].Type);
    }

    [Fact]
    public async Task ApplyAsync_BatchRetriedAfterAConflict_CountsItsRepeatsOnce()
    {
        using var rig = new AlertRig();
        await rig.RaiseAsync("hp-vib-01");                                                // 1 here
        using var other = new AlertLedger(rig.Store, rig.Store, rig.Time);
        var otherRules = new RuleAlerts(other, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance);
        await otherRules.ApplyAsync([rig.RaiseOf("hp-vib-09")]);                          // 2 there: this ledger is stale now

        // A repeat of 01 and a new alert in one batch: refused once (stale), decided again, committed.
        await rig.Rules.ApplyAsync([rig.RaiseOf("hp-vib-01", 0.4), rig.RaiseOf("hp-vib-02")]);
        await rig.Ledger.FlushRepeatsAsync();

        Assert.Equal(1, rig.Ledger.Conflicts);
        Assert.Equal(2, rig.StoredAlertOf("hp-vib-01").Occurrences);
    }

    [Fact]
    public async Task RaiseAsync_RetriedAfterAConflict_IsAdmittedByFloodControlOnce()
    {
        FlakyAlertStore? flaky = null;
        using var rig = new AlertRig(store => flaky = new FlakyAlertStore(store), new RuleOptions { MaxNewAlertsPerDevicePerHour = 2 });
        await rig.RaiseAsync("hp-vib-01");                                                // the device's first of two this hour
        await rig.Actions.ResolveAsync("A000001", "inspector-03", "handled", null);
        using var other = new AlertLedger(rig.Store, rig.Store, rig.Time);
        var otherRules = new RuleAlerts(other, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance);
        flaky!.BeforeNextCommit = () => otherRules.ApplyAsync([rig.RaiseOf("hp-vib-09")]).GetAwaiter().GetResult(); // another instance first

        var second = await rig.RaiseAsync("hp-vib-01");                                   // refused once, decided again

        Assert.Equal((1, RaiseOutcome.Raised), (rig.Ledger.Conflicts, second));
    }

    [Fact]
    public async Task ChangesAfter_OnASharedStore_IncludesWhatAnotherInstanceCommitted()
    {
        using var rig = new AlertRig();
        var shared = new FlakyAlertStore(rig.Store) { SharedOverride = true };
        using var mine = new AlertLedger(shared, rig.Store, rig.Time);
        using var theirs = new AlertLedger(shared, rig.Store, rig.Time);
        await new AlertActions(mine).RecordEvidenceAsync("A000001", "inspector-03", [("note", "照片")]); // nothing to change: loads the caches
        await new RuleAlerts(mine, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance).ApplyAsync([rig.RaiseOf("hp-vib-01")]);
        await new RuleAlerts(theirs, Options.Create(new RuleOptions()), NullLogger<RuleAlerts>.Instance).ApplyAsync([rig.RaiseOf("hp-vib-02")]);

        var changes = mine.ChangesAfter(0, 100);

        Assert.Equal(["hp-vib-01", "hp-vib-02"], changes.Select(c => c.Alert.DeviceId));
    }
}
