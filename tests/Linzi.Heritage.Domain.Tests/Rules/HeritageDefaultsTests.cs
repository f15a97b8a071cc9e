using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Defaults;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class HeritageDefaultsTests
{
    [Theory]
    [InlineData(ProtectionLevel.National, "brick", 0.15, 0.25)]
    [InlineData(ProtectionLevel.Provincial, "brick", 0.27, 0.45)]
    [InlineData(ProtectionLevel.Municipal, "stone", 0.60, 0.90)]
    [InlineData(ProtectionLevel.County, "stone", 0.60, 0.90)]
    [InlineData(ProtectionLevel.National, "rammed_earth", 0.15, 0.25)] // earth: brick values stand in
    public void VibrationLimit_ByLevelAndMaterial(ProtectionLevel level, string material, double low, double high)
    {
        var band = HeritageLimits.VibrationLimit(level, material)!;

        Assert.Equal((low, high), (band.Min, band.Max));
        Assert.Contains("GB/T 50452-2008", band.Source, StringComparison.Ordinal);
        Assert.Null(HeritageLimits.VibrationLimit(level, "bone"));
    }

    [Theory]
    [InlineData("metal", 0, 40)]
    [InlineData("ceramic", 40, 50)]
    [InlineData("stone", 40, 50)]
    [InlineData("bone", 50, 60)]
    public void HumidityBand_ByMaterial(string material, double min, double max) =>
        Assert.Equal((min, max), (HeritageLimits.HumidityBand(material)!.Min, HeritageLimits.HumidityBand(material)!.Max));

    [Theory]
    [InlineData(0.05, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.99, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 3)]
    [InlineData(15, 4)]
    [InlineData(25, 5)]
    public void BurlandClass_AtTheBoundaries(double width, int expected) => Assert.Equal(expected, HeritageLimits.BurlandClass(width));

    [Fact]
    public void DefaultRules_ForTheHorsePit_AreValidRulesWithSources()
    {
        var horsePit = new Site("horse-pit", "东周殉马坑", "Horse pit", ProtectionLevel.National, ["bone", "earth"], 36.875, 118.368);

        var suggested = DefaultRules.For(horsePit);

        Assert.Equal(["horse-pit-ppv-default", "horse-pit-rh-bone-high-default", "horse-pit-rh-bone-low-default"], suggested.Select(r => r.Id));
        Assert.Equal(0.15, suggested[0].Condition!.Value);
        Assert.Equal((60.0, 50.0), (suggested[1].Condition!.Value!.Value, suggested[2].Condition!.Value!.Value));
        Assert.All(suggested, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.Source));
            Assert.NotNull(RuleDefinitionMapper.TryMap(r, new HashSet<string> { "horse-pit" }, out var errors));
            Assert.Empty(errors);
        });
    }
}
