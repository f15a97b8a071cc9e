using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Tests.Alerts;

public sealed class AlertTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 3, 5, TimeSpan.Zero);

    private static Alert CreateSut()
    {
        var rule = new Rule("r", "殉马坑振动", Severity.Red, RuleScope.Everything, new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25));
        var context = new ReadingContext(new Device("d", "horse-pit", "vibration", ["ppv_mm_s"], 0, 0), Location.Nowhere);
        return AlertTransitions.Raise("A1", 1, new RuleMatch(rule, "ppv_mm_s", 0.31), context, Now, Now).Alert;
    }

    [Fact]
    public void Raise_CreatesOpenAlertWithRaisedEvent()
    {
        var alert = CreateSut();

        Assert.Equal(AlertState.Open, alert.State);
        Assert.Equal(Severity.Red, alert.Severity);
        Assert.Contains("0.31", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeat_OlderReadingArrivingLate_IsCountedButTheLatestMatchStays()
    {
        var rule = new Rule("r", "殉马坑振动", Severity.Red, RuleScope.Everything, new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25));
        var later = AlertTransitions.Repeat(CreateSut(), new RuleMatch(rule, "ppv_mm_s", 0.9), Now.AddSeconds(2));

        var late = AlertTransitions.Repeat(later, new RuleMatch(rule, "ppv_mm_s", 0.5), Now.AddSeconds(1)); // through another instance

        Assert.Equal((3, 0.9, Now.AddSeconds(2)), (late.Occurrences, late.LastValue, late.LastAt));
    }

    [Fact]
    public void Acknowledge_OpenAlert_Succeeds()
    {
        var result = AlertTransitions.Acknowledge(CreateSut(), "inspector-01", "on my way", 2, Now.AddMinutes(1));

        Assert.True(result.Succeeded);
        Assert.Equal(AlertState.Acknowledged, result.Alert!.State);
        Assert.Equal(2, result.Alert.Sequence);
        Assert.Equal(("acknowledged", "inspector-01", "on my way"), (result.Event!.Type, result.Event.Actor, result.Event.Note));
    }

    [Fact]
    public void Acknowledge_Twice_IsRefused()
    {
        var acknowledged = AlertTransitions.Acknowledge(CreateSut(), "a", null, 2, Now).Alert!;

        var again = AlertTransitions.Acknowledge(acknowledged, "b", null, 3, Now);

        Assert.False(again.Succeeded);
        Assert.Null(again.Alert);
    }

    [Theory]
    [InlineData("handled")]
    [InlineData("false_alarm")]
    [InlineData("maintenance")]
    public void Resolve_WithKnownDisposition_Succeeds(string disposition)
    {
        var result = AlertTransitions.Resolve(CreateSut(), "a", disposition, null, 2, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(AlertState.Resolved, result.Alert!.State);
        Assert.Equal(disposition, result.Alert.Disposition);
    }

    [Fact]
    public void Resolve_UnknownDisposition_IsRefused()
    {
        Assert.False(AlertTransitions.Resolve(CreateSut(), "a", "ignored", null, 2, Now).Succeeded);
    }

    [Fact]
    public void AnyTransition_FromResolved_IsRefused()
    {
        var resolved = AlertTransitions.Resolve(CreateSut(), "a", "handled", null, 2, Now).Alert!;

        Assert.False(AlertTransitions.Acknowledge(resolved, "a", null, 3, Now).Succeeded);
        Assert.False(AlertTransitions.Resolve(resolved, "a", "handled", null, 3, Now).Succeeded);
        Assert.False(AlertTransitions.Escalate(resolved, "chief", 1, AlertEvent.SystemActor, null, 3, Now).Succeeded);
    }

    [Fact]
    public void Acknowledge_EscalatedAlert_Succeeds()
    {
        var escalated = AlertTransitions.Escalate(CreateSut(), "chief-heyatou", 1, AlertEvent.SystemActor, null, 2, Now).Alert!;

        Assert.Equal(AlertState.Escalated, escalated.State);
        Assert.True(AlertTransitions.Acknowledge(escalated, "chief-heyatou", null, 3, Now).Succeeded);
    }
}
