using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>How to read a zone upload. Immutable.</summary>
internal sealed record ZoneFileReadOptions
{
    /// <summary>The defaults: no default kind, 20 MiB uploads.</summary>
    public static ZoneFileReadOptions Default { get; } = new();

    /// <summary>
    /// The kind given to features that carry none, when the request names one. KML drawn in Google Earth or a
    /// phone app rarely has attributes, so the uploader says "these are protection zones" instead.
    /// </summary>
    public ZoneKind? DefaultKind { get; init; }

    /// <summary>Largest upload in bytes. Defaults to 20 MiB: a district's zones, even finely surveyed, are a few hundred KiB.</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Largest total of a zip's unpacked entries. Defaults to 100 MiB, so a zip bomb is refused before it is unpacked.</summary>
    public long MaxUnzippedBytes { get; init; } = 100L * 1024 * 1024;
}
