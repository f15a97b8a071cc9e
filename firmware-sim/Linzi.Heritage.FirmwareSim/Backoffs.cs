namespace Linzi.Heritage.FirmwareSim;

/// <summary>Reconnect back-off of the simulated firmware.</summary>
public static class Backoffs
{
    /// <summary>
    /// The wait after <paramref name="failures"/> failed attempts: 1 s doubling to 60 s, with ±25 % jitter so a
    /// fleet that lost its broker together does not come back in one storm.
    /// </summary>
    public static TimeSpan For(int failures, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var seconds = Math.Min(60, Math.Pow(2, Math.Max(0, failures - 1)));
        return TimeSpan.FromSeconds(seconds * (0.75 + (random.NextDouble() * 0.5)));
    }
}
