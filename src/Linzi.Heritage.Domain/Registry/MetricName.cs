namespace Linzi.Heritage.Domain.Registry;

/// <summary>Metric and identifier syntax shared by the contract's payloads, rules and provisioning.</summary>
public static class MetricName
{
    /// <summary>Longest metric name the contract allows (1 + 63 characters).</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="name"/> matches <c>^[a-z][a-z0-9_]{0,63}$</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > MaxLength || name[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in name[1..])
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True for ids that are safe inside an MQTT topic level and a URL path segment:
    /// 1–64 characters of lower-case letters, digits, '-' and '_', starting with a letter or digit.
    /// </summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > 64 || !char.IsAsciiLetterLower(id[0]) && !char.IsAsciiDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
