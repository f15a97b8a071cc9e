using System.Collections.ObjectModel;

namespace Linzi.Heritage.Contracts.Vocabulary;

// No access modifier on purpose: DeviceKinds.Public.cs makes this public in Contracts, and Domain, which may not
// reference Contracts, compiles this file alone as internal source (see its csproj). One definition either way.

/// <summary>
/// The device kinds the contract fixes, each with the metrics it sends by default (used when provisioning names
/// none). New kinds add names in the same style. Immutable and thread-safe.
/// </summary>
static partial class DeviceKinds
{
    /// <summary>Vibration sensor: peak particle velocity and frequency.</summary>
    public const string Vibration = "vibration";

    /// <summary>Ground-sound (地声) sensor.</summary>
    public const string GroundSound = "ground_sound";

    /// <summary>Passive infrared motion detector.</summary>
    public const string Pir = "pir";

    /// <summary>Crack-width gauge.</summary>
    public const string Crack = "crack";

    /// <summary>Two-axis tilt meter.</summary>
    public const string Tilt = "tilt";

    /// <summary>Temperature and humidity sensor.</summary>
    public const string Climate = "climate";

    /// <summary>Water-level gauge with a rain gauge.</summary>
    public const string WaterLevel = "water_level";

    /// <summary>CO₂ sensor with a visitor counter (indoor exhibitions and stores).</summary>
    public const string Co2 = "co2";

    /// <summary>GNSS tracker on machinery or a vehicle: the one mobile kind, geofenced at the position it reports.</summary>
    public const string Gnss = "gnss";

    // One row per kind, in the contract's order; All and DefaultMetrics are both read from it.
    private static readonly (string Kind, string[] Metrics)[] Table =
    [
        (Vibration, [MetricNames.PpvMmS, MetricNames.FreqHz]),
        (GroundSound, [MetricNames.GroundSoundDb]),
        (Pir, [MetricNames.PirCount]),
        (Crack, [MetricNames.CrackMm, MetricNames.TempC]),
        (Tilt, [MetricNames.TiltXDeg, MetricNames.TiltYDeg]),
        (Climate, [MetricNames.TempC, MetricNames.RhPct]),
        (WaterLevel, [MetricNames.WaterLevelCm, MetricNames.RainMmH]),
        (Co2, [MetricNames.Co2Ppm, MetricNames.Visitors]),
        (Gnss, [MetricNames.SpeedMS, MetricNames.Hdop]),
    ];

    /// <summary>Every kind, in the contract's order.</summary>
    public static readonly IReadOnlyList<string> All = [.. Table.Select(row => row.Kind)];

    /// <summary>The metrics each kind sends by default, in the contract's order.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultMetrics =
        new ReadOnlyDictionary<string, IReadOnlyList<string>>(
            Table.ToDictionary(row => row.Kind, IReadOnlyList<string> (row) => Array.AsReadOnly(row.Metrics), StringComparer.Ordinal));

    /// <summary>True for kinds whose position comes with each reading rather than from the registry.</summary>
    public static bool IsMobile(string? kind) => kind == Gnss;
}
