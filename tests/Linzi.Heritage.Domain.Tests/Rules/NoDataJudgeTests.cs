using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Rules.Evaluation;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class NoDataJudgeTests
{
    private static readonly Rule Silence = RuleOf(
        new NoDataCondition(TimeSpan.FromMinutes(15)) { TamperSeverity = Severity.Red, TamperWindow = Night() }, Severity.Blue);

    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero); // 12:00 local

    private static ReadingContext In(string risk, params Zone[] zones) => Fixed(cell: Cell with { RiskLevel = risk }, zones: zones);

    [Theory]
    [InlineData("low", false, 0, 14.99, null)]      // not yet
    [InlineData("low", false, 0, 15.0, null)]       // exactly T is not "longer than T"
    [InlineData("low", false, 0, 16, "blue")]       // daytime, low risk: maintenance ticket
    [InlineData("high", false, 0, 16, "red")]       // high-risk cell: possible tampering at any hour
    [InlineData("low", true, 0, 16, "red")]         // inside a protection zone
    [InlineData("low", false, 10, 16, "red")]       // 22:16 local: night
    public void Judge_DependsOnRiskZoneAndHour(string risk, bool inProtection, double hoursAfterNoon, double silentMinutes, string? expected)
    {
        var context = inProtection ? In(risk, Protection) : In(risk);
        var now = Noon.AddHours(hoursAfterNoon);

        var match = NoDataJudge.Judge(Silence, context, now.AddMinutes(-silentMinutes), now);

        Assert.Equal(expected, match?.Severity.ToWire());
        if (match is not null)
        {
            Assert.Equal("silence_s", match.Metric);
            Assert.Contains(expected == "red" ? "possible tampering" : "maintenance ticket", match.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Judge_WithoutTamperSeverity_IsAlwaysATicket()
    {
        var plain = Silence with { Condition = new NoDataCondition(TimeSpan.FromMinutes(15)) };

        Assert.Equal(Severity.Blue, NoDataJudge.Judge(plain, In("high", Protection), Noon, Noon.AddHours(10))!.Severity);
    }

    [Fact]
    public void Judge_Location_IsTheDevicesCellAndZones()
    {
        var context = new ReadingContext(new Device("d", "horse-pit", "pir", [], 0.5, 0.5), Location.Nowhere);

        Assert.Equal(Severity.Blue, NoDataJudge.Judge(Silence, context, Noon, Noon.AddHours(1))!.Severity);
    }
}
