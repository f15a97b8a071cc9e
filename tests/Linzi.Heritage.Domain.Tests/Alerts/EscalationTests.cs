using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Tests.Alerts;

public sealed class EscalationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly string[] Chain = ["inspector-03", "chief-heyatou", "chief-qidu", "chief-linzi"];

    private static Alert AlertOf(Severity severity, AlertState state = AlertState.Open, int level = 0) =>
        new("A1", 1, "r", severity, state, "horse-pit", "hp-vib-01", "qd-r1c5", [], "ppv_mm_s", 1, Start, Start, "m") { Level = level };

    [Theory]
    [InlineData(Severity.Red, 4.99, null)]
    [InlineData(Severity.Red, 5, "escalated chief-heyatou 1")]
    [InlineData(Severity.Orange, 14.99, null)]
    [InlineData(Severity.Orange, 15, "escalated chief-heyatou 1")]
    [InlineData(Severity.Yellow, 60, "escalated chief-heyatou 1")]
    [InlineData(Severity.Blue, 10_000, null)] // blue never escalates
    public void Unacknowledged_EscalatesAfterItsSeveritysPeriod(Severity severity, double minutes, string? expected)
    {
        var step = Escalation.Due(AlertOf(severity), Chain, Start, Start.AddMinutes(minutes), EscalationTimeouts.Default);

        Assert.Equal(expected, step is null ? null : $"{step.Kind} {step.To} {step.Level}");
    }

    [Fact]
    public void AtTheTopOfTheChain_RemindsTheDistrictChief()
    {
        var step = Escalation.Due(AlertOf(Severity.Red, AlertState.Escalated, level: 3), Chain, Start, Start.AddMinutes(5), EscalationTimeouts.Default)!;

        Assert.Equal(("reminded", "chief-linzi", 3), (step.Kind, step.To, step.Level));
    }

    [Fact]
    public void Acknowledged_UsesTheResolvePeriod()
    {
        var acknowledged = AlertOf(Severity.Red, AlertState.Acknowledged);

        Assert.Null(Escalation.Due(acknowledged, Chain, Start, Start.AddMinutes(59), EscalationTimeouts.Default));
        Assert.Equal("chief-heyatou", Escalation.Due(acknowledged, Chain, Start, Start.AddHours(1), EscalationTimeouts.Default)!.To);
    }

    [Fact]
    public void Resolved_OrWithoutChain_NeverEscalates()
    {
        Assert.Null(Escalation.Due(AlertOf(Severity.Red, AlertState.Resolved), Chain, Start, Start.AddDays(1), EscalationTimeouts.Default));
        Assert.Null(Escalation.Due(AlertOf(Severity.Red), [], Start, Start.AddDays(1), EscalationTimeouts.Default));
    }
}
