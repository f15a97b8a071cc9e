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

    /// <summary>
    /// What people call each metric, in Chinese and English, and its unit (empty for a count or a pure number), so
    /// alert texts and pages say 振动速度 0.9 mm/s instead of <c>ppv_mm_s = 0.9</c>. Keys are the names in <see cref="All"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, MetricLabel> Labels = new Dictionary<string, MetricLabel>(StringComparer.Ordinal)
    {
        [PpvMmS] = new("振动速度", "Vibration (PPV)", "mm/s"),
        [FreqHz] = new("振动主频", "Vibration frequency", "Hz"),
        [GroundSoundDb] = new("地声", "Ground sound", "dB"),
        [PirCount] = new("红外触发", "Infrared detections", "次"),
        [CrackMm] = new("裂缝宽度", "Crack width", "mm"),
        [TempC] = new("温度", "Temperature", "°C"),
        [TiltXDeg] = new("倾角 X", "Tilt X", "°"),
        [TiltYDeg] = new("倾角 Y", "Tilt Y", "°"),
        [RhPct] = new("相对湿度", "Relative humidity", "%"),
        [WaterLevelCm] = new("水位", "Water level", "cm"),
        [RainMmH] = new("雨强", "Rainfall", "mm/h"),
        [Co2Ppm] = new("二氧化碳", "CO₂", "ppm"),
        [Visitors] = new("游客", "Visitors", "人"),
        [SpeedMS] = new("速度", "Speed", "m/s"),
        [Hdop] = new("定位精度因子", "HDOP", ""),
        [AccuracyM] = new("定位精度", "Position accuracy", "m"),
    };

    /// <summary>
    /// The label of a metric as an alert names it: a contract name, or a derived one (<c>crack_mm_per_h</c>, the rate
    /// of a rate-of-change rule, is 裂缝宽度变化速率 in mm/h). Null for a name nobody labelled.
    /// </summary>
    public static MetricLabel? LabelOf(string metric)
    {
        if (metric is null)
        {
            return null;
        }

        if (Labels.TryGetValue(metric, out var label))
        {
            return label;
        }

        foreach (var (suffix, zhPer, enPer, unitPer) in RateSuffixes)
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal) && Labels.TryGetValue(metric[..^suffix.Length], out var basis))
            {
                return new MetricLabel(basis.Zh + zhPer, basis.En + enPer, (basis.Unit.Length > 0 ? basis.Unit : "1") + unitPer);
            }
        }

        return Derived.TryGetValue(metric, out var derived) ? derived : null;
    }

    private static readonly (string Suffix, string Zh, string En, string Unit)[] RateSuffixes =
    [
        ("_per_min", "变化速率", " rate of change", "/min"),
        ("_per_h", "变化速率", " rate of change", "/h"),
    ];

    // Metrics that rules, not devices, name on their alerts (no_data, geofence, correlation).
    private static readonly Dictionary<string, MetricLabel> Derived = new(StringComparer.Ordinal)
    {
        ["silence_s"] = new("无数据时长", "Silence", "s"),
        ["dwell_s"] = new("停留时长", "Dwell time", "s"),
        ["inside"] = new("在围栏内", "Inside the fence", ""),
        ["modalities"] = new("同时触发的信号数", "Signals coinciding", ""),
    };
}

/// <summary>A metric's name for people, in Chinese and English, and its unit (empty when it has none). Immutable.</summary>
/// <param name="Zh">Chinese name, such as 振动速度.</param>
/// <param name="En">English name, such as Vibration (PPV).</param>
/// <param name="Unit">Unit symbol, such as mm/s; empty for none.</param>
readonly partial record struct MetricLabel(string Zh, string En, string Unit);
