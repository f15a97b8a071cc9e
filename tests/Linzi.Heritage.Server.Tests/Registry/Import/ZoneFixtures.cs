using System.IO.Compression;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Server.Registry.Import;
using NetTopologySuite.Algorithm.Distance;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Server.Tests.Registry.Import;

/// <summary>The zone upload fixtures in Fixtures/zones (see its README) and ways to compare what they read to.</summary>
internal static class ZoneFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "zones", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static ZoneFileReadResult Read(string name, ZoneFileReadOptions? options = null) =>
        ZoneFileReader.Read(Bytes(name), name, null, options);

    public static ZoneFileReadResult ReadText(string text, ZoneFileReadOptions? options = null) =>
        ZoneFileReader.Read(System.Text.Encoding.UTF8.GetBytes(text), null, null, options);

    /// <summary>The reference zones: the GeoJSON fixture, by id.</summary>
    public static IReadOnlyDictionary<string, ZoneCandidate> Reference() =>
        Read("xunma-zones.geojson").Features.ToDictionary(f => f.Id!, StringComparer.Ordinal);

    /// <summary>Hausdorff distance between two WGS84 geometries, measured in UTM 50N metres.</summary>
    public static double DistanceM(Geometry a, Geometry b) =>
        DiscreteHausdorffDistance.Distance(MetricProjection.Project(a), MetricProjection.Project(b), 0.05);

    /// <summary>A copy of a zip fixture with the entries whose names end in <paramref name="suffix"/> left out.</summary>
    public static byte[] ZipWithout(string name, string suffix)
    {
        using var source = new ZipArchive(new MemoryStream(Bytes(name)), ZipArchiveMode.Read);
        using var copy = new MemoryStream();
        using (var target = new ZipArchive(copy, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(e => !e.FullName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        }

        return copy.ToArray();
    }

    /// <summary>The entries of a zip fixture.</summary>
    public static (string Name, byte[] Content)[] Entries(string name)
    {
        using var source = new ZipArchive(new MemoryStream(Bytes(name)), ZipArchiveMode.Read);
        return [.. source.Entries.Select(e =>
        {
            using var from = e.Open();
            using var copy = new MemoryStream();
            from.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        })];
    }

    /// <summary>A zip holding the given files.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] files)
    {
        using var copy = new MemoryStream();
        using (var target = new ZipArchive(copy, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var to = target.CreateEntry(name).Open();
                to.Write(content);
            }
        }

        return copy.ToArray();
    }
}
