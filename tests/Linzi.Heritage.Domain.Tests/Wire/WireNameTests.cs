using System.Reflection;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Tests.Wire;

public sealed class WireNameTests
{
    // Every wire-named enum of the domain, found by reflection so a new one cannot be missed.
    public static TheoryData<Type> WireNamedEnums() =>
        [.. typeof(WireName).Assembly.GetExportedTypes()
            .Where(t => t.IsEnum && t.GetFields().Any(f => f.IsDefined(typeof(WireNameAttribute))))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(WireNamedEnums))]
    public void EveryMember_RoundTripsThroughItsWireName(Type enumType)
    {
        var check = typeof(WireNameTests).GetMethod(nameof(RoundTrips), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(enumType);

        check.Invoke(null, null);
    }

    [Fact]
    public void WireNamedEnums_AreTheOnesTheContractNames()
    {
        Assert.Equal(
            [typeof(AlertState), typeof(CoverageState), typeof(ProtectionLevel), typeof(SiteKind), typeof(ZoneKind), typeof(ComparisonOp), typeof(GeofenceEvent), typeof(RatePer), typeof(Severity)],
            WireNamedEnums().Select(row => row.Data));
    }

    // The wire strings themselves are the public contract: these pin them, so a rename fails here first.
    [Fact]
    public void WireNames_AreTheContractsStrings()
    {
        Assert.Equal(["blue", "yellow", "orange", "red"], WireName.All<Severity>());
        Assert.Equal(["open", "acknowledged", "escalated", "resolved"], WireName.All<AlertState>());
        Assert.Equal(["protection", "construction_control"], WireName.All<ZoneKind>());
        Assert.Equal(["national", "provincial", "municipal", "county"], WireName.All<ProtectionLevel>());
        Assert.Equal([">", ">=", "<", "<="], WireName.All<ComparisonOp>());
        Assert.Equal(["enter", "exit", "dwell"], WireName.All<GeofenceEvent>());
        Assert.Equal(["minute", "hour"], WireName.All<RatePer>());
        Assert.Equal(["on_time", "due", "overdue"], WireName.All<CoverageState>());
        Assert.Equal(["ruins", "tomb", "building", "grotto_carving", "modern", "other"], WireName.All<SiteKind>());
    }

    [Fact]
    public void Forwards_AgreeWithTheOneMechanism()
    {
        Assert.Equal("red", Severity.Red.ToWire());
        Assert.True(SeverityNames.TryParse("orange", out var severity) && severity == Severity.Orange);
        Assert.True(AlertNames.TryParseState("escalated", out var state) && state == AlertState.Escalated);
        Assert.Equal("construction_control", ZoneKind.ConstructionControl.ToWire());
        Assert.True(ProtectionLevelNames.TryParse("city_county", out var level) && level == ProtectionLevel.Municipal);
        Assert.True(ComparisonOps.TryParse("<=", out var op) && op == ComparisonOp.LessOrEqual);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Red")]
    [InlineData("RED")]
    [InlineData(" red")]
    [InlineData("Blue")]
    public void TryParse_IsOrdinalAndRefusesAnythingElse(string? name)
    {
        Assert.False(WireName.TryParse<Severity>(name, out var severity));
        Assert.Equal(0, (int)severity);
    }

    [Fact]
    public void Of_AnUnnamedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WireName.Of((Severity)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireName.Of((Severity)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireName.Of((AlertState)99));
    }

    [Fact]
    public void AnEnumMissingAName_FailsOnFirstUse()
    {
        var error = Assert.Throws<TypeInitializationException>(() => WireName.Of(HalfNamed.Named));

        Assert.Contains("HalfNamed.Unnamed", error.InnerException!.Message, StringComparison.Ordinal);
    }

    private static void RoundTrips<TEnum>()
        where TEnum : struct, Enum
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var name = WireName.Of(value);
            Assert.True(names.Add(name), $"{typeof(TEnum).Name}: '{name}' is used twice");
            Assert.True(WireName.TryParse<TEnum>(name, out var parsed), $"{typeof(TEnum).Name}: '{name}' does not parse");
            Assert.Equal(value, parsed);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), WireName.All<TEnum>().Order(StringComparer.Ordinal));
    }

    private enum HalfNamed
    {
        [WireName("named")]
        Named,

        Unnamed,
    }
}
