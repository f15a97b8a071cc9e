using Linzi.Heritage.Contracts.Vocabulary;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// Plausible background signals per metric: quiet values with a diurnal cycle and noise. Scenario overrides come on
/// top. Ranges follow the contract's metric names; see docs/firmware-sim.md for where they come from.
/// </summary>
internal static class Signals
{
    public static double Background(string metric, string siteId, DateTimeOffset now, Random random)
    {
        // Hours since local midnight in Asia/Shanghai (UTC+8, no daylight saving): the sites' own day.
        var hour = (now.UtcDateTime.TimeOfDay.TotalHours + 8) % 24;
        var day = Math.Sin((hour - 9) / 24 * 2 * Math.PI); // Peaks mid-afternoon, lowest before dawn.
        double Noise(double scale) => (random.NextDouble() - 0.5) * 2 * scale;
        return metric switch
        {
            MetricNames.PpvMmS => Math.Round(0.02 + Math.Max(0, day) * 0.01 + Math.Abs(Noise(0.01)), 4),
            MetricNames.FreqHz => Math.Round(20 + Noise(8), 1),
            MetricNames.GroundSoundDb => Math.Round(28 + Noise(3), 1),
            MetricNames.PirCount => random.NextDouble() < 0.05 ? 1 : 0,
            // Slow creep (about 0.01 mm a month) plus the thermal cycle of the day.
            MetricNames.CrackMm => Math.Round(0.82 + (now.ToUnixTimeSeconds() / 2_592_000.0 % 12 * 0.01) + 0.03 * day + Noise(0.005), 3),
            MetricNames.TempC => Math.Round((siteId == "museum-store" ? 18 : 8) + (siteId == "museum-store" ? 1 : 6) * day + Noise(0.3), 1),
            // Humidity follows the rain of the last hours (lagged by the walls and soil), indoors less than outside.
            MetricNames.RhPct => Math.Round(Math.Min(98, siteId switch { "horse-pit" => 56, "smelting-site" => 34, "museum-store" => 50, _ => 60 } - 4 * day
                                   + (Weather.RainFallen(now.AddHours(-2), 4) * (siteId is "museum-store" or "horse-pit" ? 0.05 : 0.4)) + Noise(1)), 1),
            MetricNames.TiltXDeg or MetricNames.TiltYDeg => Math.Round(0.05 + 0.01 * day + Noise(0.003), 4),
            // The outlet and the moat rise with the rain of the last six hours.
            MetricNames.WaterLevelCm => Math.Round((siteId == "drainage-outlet" ? 60 : 140) + (Weather.RainFallen(now, 6) * 1.5) + Noise(2), 1),
            MetricNames.RainMmH => Weather.RainMmH(now),
            MetricNames.Visitors => hour is > 8.5 and < 17 ? random.Next(5, 40) : 0,
            MetricNames.Co2Ppm => Math.Round(hour is > 8.5 and < 17 ? 650 + Noise(80) : 430 + Noise(15)),
            MetricNames.SpeedMS => Math.Round(Math.Abs(Noise(1.5)), 2),
            MetricNames.Hdop => Math.Round(0.9 + Math.Abs(Noise(0.3)), 2),
            _ => Math.Round(Noise(1), 3),
        };
    }
}
