using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>A pipeline batch's raises and clears, applied in order and committed together.</summary>
public sealed class AlertBatchTests
{
    [Fact]
    public async Task ApplyAsync_ABurstOfRaises_CommitsOnce_AndEachAlertIsPushed()
    {
        FlakyAlertStore? store = null;
        using var rig = new AlertRig(s => store = new FlakyAlertStore(s));

        await rig.Rules.ApplyAsync([.. Enumerable.Range(1, 20).Select(i => rig.RaiseOf($"hp-vib-{i:D2}"))]);

        Assert.Equal(1, store!.Commits);
        Assert.Equal(20, rig.Store.Active().Count);
        Assert.Equal([.. Enumerable.Range(1, 20).Select(i => (long)i)], rig.PushedSequences());
    }

    [Fact]
    public async Task ApplyAsync_EachTransitionSeesTheOnesBeforeIt()
    {
        using var rig = new AlertRig();

        await rig.Rules.ApplyAsync(
        [
            rig.RaiseOf("hp-vib-01", 0.30),
            rig.RaiseOf("hp-vib-01", 0.31), // a repeat of the alert raised just before: counted into it, not raised again
            rig.RaiseOf("hp-vib-01", 0.32),
            rig.RaiseOf("hp-vib-02"),
            new ClearAlert(AlertRig.PpvRule.Id, "hp-vib-02", "back below the limit"),
            rig.RaiseOf("hp-vib-02"), // raised afresh after its clear
            rig.RaiseOf("hp-vib-03", 0.3),
            rig.RaiseOf("hp-vib-03", 0.9, Severity.Red), // an upgrade of the alert raised in the same batch
        ]);

        var first = rig.StoredAlertOf("hp-vib-01");
        Assert.Equal((3, 0.32), (first.Occurrences, first.LastValue));
        var vib02 = rig.Store.Query(new AlertQuery()).Where(a => a.DeviceId == "hp-vib-02").OrderBy(a => a.Sequence).ToList();
        Assert.Equal([AlertState.Resolved, AlertState.Open], vib02.Select(a => a.State));
        Assert.Equal(Severity.Red, rig.StoredAlertOf("hp-vib-03").Severity);
        Assert.Equal(3, rig.Store.Active().Count);

        // Memory agrees with the store: the next match of each open alert is a repeat.
        Assert.Equal(RaiseOutcome.Repeated, await rig.RaiseAsync("hp-vib-01"));
        Assert.Equal(RaiseOutcome.Repeated, await rig.RaiseAsync("hp-vib-02"));
    }

    [Fact]
    public async Task ApplyAsync_CommitFails_LeavesNothingInMemory_SoTheBatchCanBeApplied_Again()
    {
        FlakyAlertStore? store = null;
        using var rig = new AlertRig(s => store = new FlakyAlertStore(s));
        IReadOnlyList<AlertOperation> batch = [rig.RaiseOf("hp-vib-01"), rig.RaiseOf("hp-vib-01", 0.4), rig.RaiseOf("hp-vib-02")];

        store!.FailNextCommit();
        await Assert.ThrowsAsync<IOException>(() => rig.Rules.ApplyAsync(batch));
        Assert.Empty(rig.Store.Active());

        await rig.Rules.ApplyAsync(batch); // the pipeline retries the batch from its checkpoint

        Assert.Equal(2, rig.StoredAlertOf("hp-vib-01").Occurrences);
        Assert.Equal(2, rig.Store.Active().Count);
        Assert.Equal([1, 2], rig.PushedSequences());
    }
}
