namespace Linzi.Heritage.Contracts.Vocabulary;

// No access modifier on purpose: MetricNames.Public.cs makes this public in Contracts, and Domain, which may not
// reference Contracts, compiles this file alone as internal source (see its csproj). One definition either way.

/// <summary>
/// The metric names the contract fixes for the device kinds it knows (<see cref="DeviceKinds"/>). Every name carries
/// its unit; new kinds add names in the same style (<c>^[a-z][a-z0-9_]{0,63}$</c>). Immutable and thread-safe.
/// </summary>
static partial class MetricNames
{
    /// <summary>Peak particle velocity, mm/s (vibration).</summary>
    public const string PpvMmS = "ppv_mm_s";

    /// <summary>Dominant vibration frequency, Hz.</summary>
    public const string FreqHz = "freq_hz";

    /// <summary>Ground sound level, dB.</summary>
    public const string GroundSoundDb = "ground_sound_db";

    /// <summary>Infrared detections since the last reading.</summary>
    public const string PirCount = "pir_count";

    /// <summary>Crack width, mm.</summary>
    public const string CrackMm = "crack_mm";

    /// <summary>Temperature, °C.</summary>
    public const string TempC = "temp_c";

    /// <summary>Tilt about the x axis, degrees.</summary>
    public const string TiltXDeg = "tilt_x_deg";

    /// <summary>Tilt about the y axis, degrees.</summary>
    public const string TiltYDeg = "tilt_y_deg";

    /// <summary>Relative humidity, %.</summary>
    public const string RhPct = "rh_pct";

    /// <summary>Water level, cm.</summary>
    public const string WaterLevelCm = "water_level_cm";

    /// <summary>Rainfall rate, mm/h.</summary>
    public const string RainMmH = "rain_mm_h";

    /// <summary>CO₂ concentration, ppm.</summary>
    public const string Co2Ppm = "co2_ppm";

    /// <summary>Visitors counted in the room.</summary>
    public const string Visitors = "visitors";

    /// <summary>Ground speed of a tracker, m/s.</summary>
    public const string SpeedMS = "speed_m_s";

    /// <summary>Horizontal dilution of precision of a GNSS fix (no unit); geofences can ignore poor fixes by it.</summary>
    public const string Hdop = "hdop";

    /// <summary>Estimated accuracy of a GNSS fix, m. Optional: no kind sends it by default, but geofences read it.</summary>
    public const string AccuracyM = "accuracy_m";

    /// <summary>Every name above, in the contract's order (the kinds' metrics, then the optional ones).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        PpvMmS, FreqHz, GroundSoundDb, PirCount, CrackMm, TempC, TiltXDeg, TiltYDeg, RhPct,
        WaterLevelCm, RainMmH, Co2Ppm, Visitors, SpeedMS, Hdop, AccuracyM,
    ];
}
