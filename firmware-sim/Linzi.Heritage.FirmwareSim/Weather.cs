namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// A deterministic weather for the simulated district: about one day in four has an afternoon shower (14:00–18:00
/// Linzi time, peaking near 12 mm/h). Being a function of time only, every device sees the same weather and a rerun
/// sees it again. Rain drives the drainage outlet's water level and, with a lag of a couple of hours, humidity.
/// </summary>
public static class Weather
{
    /// <summary>Rain intensity in mm/h at an instant.</summary>
    public static double RainMmH(DateTimeOffset at)
    {
        var local = at.ToOffset(TimeSpan.FromHours(8));
        var day = DateOnly.FromDateTime(local.DateTime).DayNumber;
        if (((day * 2_654_435_761L) & 3) != 0)
        {
            return 0;
        }

        var hour = local.TimeOfDay.TotalHours;
        return hour is >= 14 and < 18 ? Math.Round(12 * Math.Sin((hour - 14) / 4 * Math.PI), 1) : 0;
    }

    /// <summary>Rain fallen over the last <paramref name="hours"/> hours, in mm (hourly steps).</summary>
    public static double RainFallen(DateTimeOffset at, int hours)
    {
        var total = 0.0;
        for (var h = 0; h < hours; h++)
        {
            total += RainMmH(at.AddHours(-h - 0.5));
        }

        return total;
    }
}
