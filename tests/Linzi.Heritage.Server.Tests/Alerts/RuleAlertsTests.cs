using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Pipeline;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>Alerts raised by rules and by the system: raise, repeat, upgrade, clear, flood control, system alerts.</summary>
public sealed class RuleAlertsTests
{
    private static AlertRig CreateSut(RuleOptions? rules = null) => new(rules: rules);

    [Fact]
    public async Task RaiseAsync_OpenAlertOfTheSameRuleAndSubject_CountsARepeatInMemoryWithoutANumber()
    {
        using var rig = CreateSut();

        var outcomes = new[] { await rig.RaiseAsync("hp-vib-01", 0.3), await rig.RaiseAsync("hp-vib-01", 0.5) };

        Assert.Equal([RaiseOutcome.Raised, RaiseOutcome.Repeated], outcomes);
        Assert.Equal((1, 1L), (rig.StoredAlertOf("hp-vib-01").Occurrences, rig.Store.MaxSequence())); // until the flush
        Assert.Single(rig.Feed());
    }

    [Fact]
    public async Task RaiseAsync_MoreSevereMatch_UpgradesTheOpenAlertWithTheNextNumber()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01", 0.3);

        var outcome = await rig.RaiseAsync("hp-vib-01", 0.9, Severity.Red);

        var stored = rig.StoredAlertOf("hp-vib-01");
        Assert.Equal(RaiseOutcome.Upgraded, outcome);
        Assert.Equal(("A000001", Severity.Red, 2L, 2, 0.9), (stored.Id, stored.Severity, stored.Sequence, stored.Occurrences, stored.Value));
        Assert.Equal(["raised", "upgraded"], rig.Store.Events("A000001").Select(e => e.Type));
        Assert.Equal([1, 2], rig.PushedSequences());
    }

    [Fact]
    public async Task RaiseAsync_LessSevereMatch_IsARepeat_NotADowngrade()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01", 0.9, Severity.Red);

        var outcome = await rig.RaiseAsync("hp-vib-01", 0.3, Severity.Yellow);
        await rig.Ledger.FlushRepeatsAsync();

        Assert.Equal(RaiseOutcome.Repeated, outcome);
        Assert.Equal((Severity.Red, 2), (rig.StoredAlertOf("hp-vib-01").Severity, rig.StoredAlertOf("hp-vib-01").Occurrences));
    }

    [Fact]
    public async Task ClearAsync_OpenAlert_ResolvesItAsCleared_AndTheNextMatchRaisesANewAlert()
    {
        using var rig = CreateSut();
        await rig.RaiseAsync("hp-vib-01");

        var cleared = await rig.Rules.ClearAsync(AlertRig.PpvRule.Id, "hp-vib-01", "back below 0.2");
        var again = await rig.RaiseAsync("hp-vib-01");

        Assert.Equal((AlertState.Resolved, "cleared", 2L), (cleared!.State, cleared.Disposition, cleared.Sequence));
        Assert.Equal((RaiseOutcome.Raised, "A000003"), (again, rig.StoredAlertOf("hp-vib-01").Id));
        Assert.True(rig.Store.VerifyChain("A000001").Intact);
    }

    [Fact]
    public async Task ClearAsync_NothingOpen_ReturnsNull_AndUsesNoNumber()
    {
        using var rig = CreateSut();

        var cleared = await rig.Rules.ClearAsync(AlertRig.PpvRule.Id, "hp-vib-01", "back below 0.2");
        await rig.RaiseAsync("hp-vib-01");

        Assert.Null(cleared);
        Assert.Equal([1], rig.PushedSequences());
    }

    [Fact]
    public async Task RaiseAsync_BeyondTheDeviceLimit_IsLimited_UsesNoNumber_AndIsAdmittedAnHourLater()
    {
        using var rig = CreateSut(new RuleOptions { MaxNewAlertsPerDevicePerHour = 2 });
        await rig.RaiseAsync("hp-vib-01");
        await rig.Rules.ClearAsync(AlertRig.PpvRule.Id, "hp-vib-01", "passed back");
        await rig.RaiseAsync("hp-vib-01");
        await rig.Rules.ClearAsync(AlertRig.PpvRule.Id, "hp-vib-01", "passed back");

        var third = await rig.RaiseAsync("hp-vib-01");
        var otherDevice = await rig.RaiseAsync("hp-vib-02");
        rig.Time.Advance(TimeSpan.FromHours(1));
        var anHourLater = await rig.RaiseAsync("hp-vib-01");

        Assert.Equal((RaiseOutcome.Limited, RaiseOutcome.Raised, RaiseOutcome.Raised), (third, otherDevice, anHourLater));
        Assert.Equal(1, rig.Rules.Limited);
        Assert.Equal([1, 2, 3, 4, 5, 6], rig.PushedSequences());
    }

    [Fact]
    public async Task RaiseSystemAsync_WhileOneIsOpen_RaisesOnce_AndResolveSystemClosesIt()
    {
        using var rig = CreateSut();

        var first = await rig.Rules.RaiseSystemAsync("sys-backlog", Severity.Orange, "backlog", 12_000, "ingestion backlog");
        var second = await rig.Rules.RaiseSystemAsync("sys-backlog", Severity.Orange, "backlog", 15_000, "ingestion backlog");
        await rig.Rules.ResolveSystemAsync("sys-backlog", "backlog drained");
        var afterResolve = await rig.Rules.RaiseSystemAsync("sys-backlog", Severity.Orange, "backlog", 11_000, "ingestion backlog");

        Assert.Equal(("A000001", AlertTransitions.SystemDeviceId), (first!.Id, first.DeviceId));
        Assert.Null(second);
        Assert.Equal((AlertState.Resolved, "handled"), (rig.Store.Get("A000001")!.State, rig.Store.Get("A000001")!.Disposition));
        Assert.Equal("A000003", afterResolve!.Id);
        Assert.Equal([1, 2, 3], rig.PushedSequences());
    }
}
