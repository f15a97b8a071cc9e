using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Domain.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Tiao-shan 2026!")]
    [InlineData("齐国故城殉马坑的守护者")]
    [InlineData("correct horse battery")]
    public void Check_StrongPassword_IsAccepted(string password)
    {
        Assert.Empty(PasswordPolicy.Check(password, "wang.jg", "old-password-1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Check_Missing_IsRequired(string? password)
    {
        Assert.Equal(["Required."], PasswordPolicy.Check(password, "wang.jg"));
    }

    [Fact]
    public void Check_NineCharacters_IsTooShort_TenAreEnough()
    {
        Assert.Contains("At least 10 characters.", PasswordPolicy.Check("Xk7#pq2Lm", "wang.jg"));
        Assert.Empty(PasswordPolicy.Check("Xk7#pq2Lm9", "wang.jg"));
    }

    [Theory]
    [InlineData("woaini1314")]
    [InlineData("qwertyuiop")]
    [InlineData("1234567890")]
    [InlineData("linzi-demo")]
    [InlineData("QwertyUiop")]
    [InlineData(" Password123 ")]
    public void Check_CommonPassword_IsRefused_IgnoringCaseAndSpaces(string password)
    {
        Assert.Contains(PasswordPolicy.Check(password, "wang.jg"), p => p.StartsWith("Too common", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wang.jg-2026-spring")]
    [InlineData("WANG.JG!!river")]
    [InlineData("wang.jg")]
    public void Check_ContainingTheUsername_IsRefused_IgnoringCase(string password)
    {
        Assert.Contains("Must not contain the username.", PasswordPolicy.Check(password, "wang.jg"));
    }

    [Fact]
    public void Check_SameAsCurrent_IsRefused()
    {
        Assert.Equal(["Must differ from the current password."], PasswordPolicy.Check("Tiao-shan 2026!", "wang.jg", "Tiao-shan 2026!"));
    }

    [Fact]
    public void CommonPasswords_HoldAboutAHundred()
    {
        Assert.InRange(CommonPasswords.Count, 100, 300);
    }
}
