using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Tests.Registry;

public sealed class MetricNameTests
{
    [Theory]
    [InlineData("ppv_mm_s", true)]
    [InlineData("a", true)]
    [InlineData("temp_c2", true)]
    [InlineData("Temp_c", false)]
    [InlineData("1temp", false)]
    [InlineData("_temp", false)]
    [InlineData("temp-c", false)]
    [InlineData("", false)]
    [InlineData("x234567890123456789012345678901234567890123456789012345678901234", true)]
    [InlineData("x2345678901234567890123456789012345678901234567890123456789012345", false)]
    public void IsValid_FollowsContractPattern(string name, bool expected)
    {
        Assert.Equal(expected, MetricName.IsValid(name));
    }

    [Theory]
    [InlineData("hp-vib-01", true)]
    [InlineData("a/b", false)]
    [InlineData("+", false)]
    [InlineData("#", false)]
    [InlineData("UPPER", false)]
    public void IsValidId_RejectsTopicWildcardsAndSeparators(string id, bool expected)
    {
        Assert.Equal(expected, MetricName.IsValidId(id));
    }
}
