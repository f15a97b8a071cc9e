using System.Globalization;

namespace Linzi.Heritage.Ingestion.Decoding;

/// <summary>Strict RFC 3339 parsing from UTF-8: a date, a time and an explicit offset (<c>Z</c> or <c>±hh:mm</c>).</summary>
internal static class Rfc3339
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;

        // yyyy-MM-ddTHH:mm:ss is 19 bytes; the shortest valid form adds a 'Z'. Anything past 40 is not a timestamp.
        if (utf8.Length is < 20 or > 40 || utf8[4] != '-' || utf8[7] != '-' || (utf8[10] | 0x20) != 't' || utf8[13] != ':' || utf8[16] != ':')
        {
            return false;
        }

        var last = utf8[^1];
        var hasOffset = (last | 0x20) == 'z' ||
                        (utf8.Length >= 25 && utf8[^3] == ':' && utf8[^6] is (byte)'+' or (byte)'-');
        if (!hasOffset)
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 0x7f)
            {
                return false;
            }

            chars[i] = (char)utf8[i];
        }

        return DateTimeOffset.TryParse(chars, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
