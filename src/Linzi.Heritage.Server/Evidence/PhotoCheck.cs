namespace Linzi.Heritage.Server.Evidence;

/// <summary>
/// What an uploaded file really is, from its first bytes (the client's content type and extension are not trusted),
/// and whether its name is safe to keep as metadata.
/// </summary>
public static class PhotoCheck
{
    /// <summary>The photo formats phones produce: JPEG, PNG, WebP and HEIC.</summary>
    public const string Accepted = "JPEG, PNG, WebP or HEIC photos";

    /// <summary>The content type and file extension of a photo, or null when the bytes are not one.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ("image/jpeg", ".jpg");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", ".webp");
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) &&
            (head[8..12].SequenceEqual("heic"u8) || head[8..12].SequenceEqual("heix"u8) || head[8..12].SequenceEqual("mif1"u8)))
        {
            return ("image/heic", ".heic");
        }

        return null;
    }

    /// <summary>
    /// Null when the name is acceptable, else why not. Names are never used as paths, but a name that tries to climb
    /// out of a folder is refused outright: it is an attack or a broken client either way.
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "The file needs a name.";
        }

        if (name.Length > 200)
        {
            return "The file name is longer than 200 characters.";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.IndexOfAny(['/', '\\', ':']) >= 0 || name.Any(char.IsControl))
        {
            return $"The file name '{name}' contains a path or control characters; send a plain name such as photo.jpg.";
        }

        return null;
    }
}
