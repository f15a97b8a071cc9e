using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Domain.Tests.Accounts;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("bureau", true)]
    [InlineData("wang.jg", true)]
    [InlineData("insp_07-b", true)]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("Wang", false)]
    [InlineData("7wang", false)]
    [InlineData("wang jg", false)]
    [InlineData("王建国", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)] // 33 characters
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)] // 32 characters
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidUsername(string? username, bool valid)
    {
        Assert.Equal(valid, AccountRules.IsValidUsername(username));
    }

    [Theory]
    [InlineData("13912345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("+8613912345678", true)]
    [InlineData("+4915112345678", true)]
    [InlineData("12912345678", false)]
    [InlineData("1391234567", false)]
    [InlineData("139123456789", false)]
    [InlineData("139-1234-5678", false)]
    [InlineData("+86", false)]
    [InlineData("１３９１２３４５６７８", false)] // full-width digits
    public void IsValidPhone(string phone, bool valid)
    {
        Assert.Equal(valid, AccountRules.IsValidPhone(phone));
    }

    [Theory]
    [InlineData("bureau", true)]
    [InlineData("chief", true)]
    [InlineData("Bureau", false)]
    [InlineData("admin", false)]
    public void IsValidRole(string role, bool valid)
    {
        Assert.Equal(valid, AccountRules.IsValidRole(role));
    }

    [Theory]
    [InlineData("王建国", true)]
    [InlineData(" ", false)]
    [InlineData("a\tb", false)]
    public void IsValidDisplayName(string name, bool valid)
    {
        Assert.Equal(valid, AccountRules.IsValidDisplayName(name));
    }
}
