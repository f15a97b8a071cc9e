using Linzi.Heritage.Contracts.Vocabulary;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// What a scenario changes on top of the background. <c>night-dig</c>: looters dig at the Eastern Zhou horse-burial
/// pit (东周殉马坑) after a short quiet lead-in: ground vibration in bursts, ground sound and infrared detections.
/// <c>machinery</c>: after the same lead-in, the tracked excavators (<c>gnss-exc-*</c>) drive across the big city's
/// south wall into the Qi capital's protection zone and stay there.
/// </summary>
public static class Scenarios
{
    /// <summary>How long the night-dig scenario stays quiet before the digging starts.</summary>
    public static readonly TimeSpan NightDigStartsAfter = TimeSpan.FromSeconds(5);

    /// <summary>Where the machinery scenario parks the excavator: inside the Qi capital's protection zone (demo geometry).</summary>
    public static readonly (double Lat, double Lon) MachineryTarget = (36.8455, 118.3650);

    /// <summary>The names of the scenarios.</summary>
    public static readonly IReadOnlyList<string> Names = ["normal", "night-dig", "machinery"];

    /// <summary>The position a mobile device reports: its registered one, or the machinery scenario's path.</summary>
    internal static (double Lat, double Lon) Position(string scenario, string deviceId, double lat, double lon, TimeSpan elapsed, Random random)
    {
        if (deviceId.Contains("patrol", StringComparison.Ordinal))
        {
            // A patrol vehicle drives a loop of about 2 km around its base every twenty minutes.
            var angle = elapsed.TotalMinutes / 20 * 2 * Math.PI;
            return (lat + (0.003 * Math.Sin(angle)), lon + (0.004 * Math.Cos(angle)));
        }

        if (scenario != "machinery" || !deviceId.StartsWith("gnss-exc", StringComparison.Ordinal) || elapsed < NightDigStartsAfter)
        {
            return (lat, lon);
        }

        // A few metres of GPS jitter around the target, as a parked machine reports.
        return (MachineryTarget.Lat + ((random.NextDouble() - 0.5) * 0.00004), MachineryTarget.Lon + ((random.NextDouble() - 0.5) * 0.00004));
    }

    internal static double? Override(string scenario, string siteId, string metric, TimeSpan elapsed, Random random)
    {
        if (scenario != "night-dig" || siteId != "horse-pit" || elapsed < NightDigStartsAfter)
        {
            return null;
        }

        return metric switch
        {
            MetricNames.PpvMmS => Math.Round(0.4 + random.NextDouble() * 0.9, 3), // Spade and pick strikes: 0.4–1.3 mm/s.
            MetricNames.FreqHz => Math.Round(35 + random.NextDouble() * 20, 1),
            MetricNames.GroundSoundDb => Math.Round(52 + random.NextDouble() * 10, 1),
            MetricNames.PirCount => random.Next(2, 6),
            _ => null,
        };
    }
}
