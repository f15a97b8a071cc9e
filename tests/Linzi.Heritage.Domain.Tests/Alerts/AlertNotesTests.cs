using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Domain.Tests.Alerts;

public sealed class AlertNotesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("到场核查\r\n盗洞一处\t直径约 60 cm")]
    public void Writing_IsAllowed(string? note) => Assert.Null(AlertNotes.Problem(note));

    [Theory]
    [InlineData("\u0000")]
    [InlineData("a\u001bb")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public void ControlCharacters_AreRefused(string note) => Assert.StartsWith("Control character", AlertNotes.Problem(note));

    [Fact]
    public void Length_IsBoundedAtTheLimit()
    {
        Assert.Null(AlertNotes.Problem(new string('a', AlertNotes.MaxLength)));
        Assert.Equal("At most 2000 characters (this one has 2001).", AlertNotes.Problem(new string('a', AlertNotes.MaxLength + 1)));
        Assert.NotNull(AlertNotes.Problem("abc", maxLength: 2));
    }
}
