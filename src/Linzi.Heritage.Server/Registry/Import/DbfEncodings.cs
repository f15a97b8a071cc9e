using System.Globalization;
using System.Text;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Picks the encoding of a shapefile's attribute table (.dbf). Chinese GIS software often writes GBK; the .cpg file
/// beside the .dbf says which, and without one the dBASE header's language driver byte may. Otherwise UTF-8, what
/// QGIS and GDAL write today. Code-page encodings come from <see cref="CodePagesEncodingProvider"/> directly, not by
/// registering it, so the process's encoding table is left as it is. Thread-safe.
/// </summary>
internal static class DbfEncodings
{
    private const int Gb18030CodePage = 54936;

    // dBASE language driver ids for code page 936 (Simplified Chinese GBK): 0x4D and 0x7A.
    private const byte LdidGbk = 0x4D;
    private const byte LdidGbkPrc = 0x7A;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The encoding for a .dbf; throws <see cref="ZoneFileException"/> when the .cpg names an unknown one.</summary>
    /// <param name="cpg">The .cpg file's text, or null when there is none.</param>
    /// <param name="dbfHeader">The start of the .dbf (byte 29 is the language driver id).</param>
    public static Encoding For(string? cpg, ReadOnlySpan<byte> dbfHeader)
    {
        if (!string.IsNullOrWhiteSpace(cpg))
        {
            return FromCpg(cpg.Trim());
        }

        return dbfHeader.Length > 29 && dbfHeader[29] is LdidGbk or LdidGbkPrc ? Gb18030() : Utf8;
    }

    // GB18030 is a superset of GBK and GB2312, so it reads all three.
    private static Encoding Gb18030() => CodePagesEncodingProvider.Instance.GetEncoding(Gb18030CodePage)!;

    private static Encoding FromCpg(string cpg)
    {
        var key = cpg.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        switch (key)
        {
            case "UTF8" or "65001":
                return Utf8;
            case "GBK" or "GB2312" or "GB18030" or "CP936" or "936" or "ANSI936" or "CP54936" or "54936" or "WINDOWS936":
                return Gb18030();
        }

        var byNumber = int.TryParse(key.StartsWith("CP", StringComparison.Ordinal) ? key[2..] : key, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage)
            ? CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? TryGet(codePage)
            : null;
        return byNumber ?? CodePagesEncodingProvider.Instance.GetEncoding(cpg) ?? TryGet(cpg)
            ?? throw new ZoneFileException($"Unknown attribute encoding '{cpg}' in the .cpg file: use UTF-8 or GBK.");
    }

    private static Encoding? TryGet(int codePage)
    {
        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static Encoding? TryGet(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
