using Linzi.Heritage.Server.Registry.Import;

namespace Linzi.Heritage.Server.Tests.Registry.Import;

public sealed class DbfEncodingsTests
{
    private static readonly byte[] NoDriver = new byte[32];

    [Theory]
    [InlineData("UTF-8", 65001)]
    [InlineData("utf8", 65001)]
    [InlineData("CP936", 54936)]
    [InlineData("GBK", 54936)]
    [InlineData("GB2312\r\n", 54936)]
    [InlineData("936", 54936)]
    [InlineData("GB18030", 54936)]
    [InlineData("1252", 1252)]
    public void For_Cpg_NamesTheEncoding(string cpg, int codePage)
    {
        Assert.Equal(codePage, DbfEncodings.For(cpg, NoDriver).CodePage);
    }

    [Fact]
    public void For_NoCpg_DefaultsToUtf8()
    {
        Assert.Equal(65001, DbfEncodings.For(null, NoDriver).CodePage);
    }

    [Fact]
    public void For_NoCpgButAGbkLanguageDriver_IsGb18030()
    {
        var header = new byte[32];
        header[29] = 0x4D;

        Assert.Equal(54936, DbfEncodings.For(null, header).CodePage);
    }

    [Fact]
    public void For_UnknownCpg_IsAFileError()
    {
        var ex = Assert.Throws<ZoneFileException>(() => DbfEncodings.For("KLINGON-1", NoDriver));

        Assert.Contains("'KLINGON-1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Gbk_DecodesChinese()
    {
        // 殉马坑 in GBK.
        byte[] gbk = [0xD1, 0xB3, 0xC2, 0xED, 0xBF, 0xD3];

        Assert.Equal("殉马坑", DbfEncodings.For("CP936", NoDriver).GetString(gbk));
    }
}
