namespace Linzi.Heritage.Domain.Registry;

/// <summary>The device kinds and metric names fixed by the contract. New kinds add names in the same style.</summary>
public static class DeviceKinds
{
    /// <summary>Vibration (peak particle velocity) sensor.</summary>
    public const string Vibration = "vibration";

    /// <summary>GNSS tracker on machinery or a vehicle.</summary>
    public const string Gnss = "gnss";

    /// <summary>Default metrics of each known kind, as the contract lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> DefaultMetrics = new Dictionary<string, string[]>
    {
        [Vibration] = ["ppv_mm_s", "freq_hz"],
        ["ground_sound"] = ["ground_sound_db"],
        ["pir"] = ["pir_count"],
        ["crack"] = ["crack_mm", "temp_c"],
        ["tilt"] = ["tilt_x_deg", "tilt_y_deg"],
        ["climate"] = ["temp_c", "rh_pct"],
        ["water_level"] = ["water_level_cm", "rain_mm_h"],
        ["co2"] = ["co2_ppm", "visitors"],
        [Gnss] = ["speed_m_s", "hdop"],
    };
}
