namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// What a scenario changes on top of the background. <c>night-dig</c>: looters dig at the Eastern Zhou horse-burial
/// pit (东周殉马坑) after a short quiet lead-in: ground vibration in bursts, ground sound and infrared detections.
/// </summary>
public static class Scenarios
{
    /// <summary>How long the night-dig scenario stays quiet before the digging starts.</summary>
    public static readonly TimeSpan NightDigStartsAfter = TimeSpan.FromSeconds(5);

    internal static double? Override(string scenario, string siteId, string metric, TimeSpan elapsed, Random random)
    {
        if (scenario != "night-dig" || siteId != "horse-pit" || elapsed < NightDigStartsAfter)
        {
            return null;
        }

        return metric switch
        {
            "ppv_mm_s" => Math.Round(0.4 + random.NextDouble() * 0.9, 3), // Spade and pick strikes: 0.4–1.3 mm/s.
            "freq_hz" => Math.Round(35 + random.NextDouble() * 20, 1),
            "ground_sound_db" => Math.Round(52 + random.NextDouble() * 10, 1),
            "pir_count" => random.Next(2, 6),
            _ => null,
        };
    }
}
