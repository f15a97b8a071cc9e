using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Evaluation;

namespace Linzi.Heritage.Domain.Tests.Rules;

/// <summary>The server's alert text names the metric and its unit in Chinese, never the raw id.</summary>
public sealed class AlertTextTests
{
    [Fact]
    public void Breach_NamesTheMetricAndUnitInChinese()
    {
        var text = AlertText.Breach("殉马坑振动", "ppv_mm_s", 0.9, ComparisonOp.GreaterThan, 0.25, "hp-vib-01");

        Assert.Equal("殉马坑振动：振动速度 0.9 mm/s，超过限值 0.25 mm/s（hp-vib-01）", text);
        Assert.DoesNotContain("ppv_mm_s", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Breach_OfARate_NamesTheRateAndItsUnit()
    {
        Assert.Equal("裂缝增长：裂缝宽度变化速率 0.06 mm/h，超过限值 0.05 mm/h（c-1）",
            AlertText.Breach("裂缝增长", "crack_mm_per_h", 0.06, ComparisonOp.GreaterThan, 0.05, "c-1"));
    }

    [Fact]
    public void Breach_OfAnUnknownMetric_KeepsItsName()
    {
        Assert.Equal("r：custom_x 3，低于限值 4（d）", AlertText.Breach("r", "custom_x", 3, ComparisonOp.LessThan, 4, "d"));
    }
}
