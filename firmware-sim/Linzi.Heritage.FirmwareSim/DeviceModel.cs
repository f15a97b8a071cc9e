namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// The parts of a field device that are not sensors: a clock that drifts (and is set right by NTP when it
/// connects), a battery that drains a little with every transmission and recovers by day (solar), and a radio
/// whose RSSI wanders. Deterministic for a given random source. Not thread-safe.
/// </summary>
public sealed class DeviceModel(Random random, double driftPpm)
{
    private TimeSpan _clockOffset;
    private DateTimeOffset? _syncedAt;
    private double _battery = 3.70 + (random.NextDouble() * 0.4);
    private double _rssi = -60 - (random.NextDouble() * 25);

    /// <summary>How fast the clock runs wrong, in parts per million (± tens for a cheap crystal).</summary>
    public double DriftPpm { get; } = driftPpm;

    /// <summary>The device's idea of the time: the true time plus the drift accumulated since the last sync.</summary>
    public DateTimeOffset Now(DateTimeOffset trueNow)
    {
        _syncedAt ??= trueNow;
        var drift = TimeSpan.FromTicks((long)((trueNow - _syncedAt.Value).Ticks * DriftPpm / 1_000_000));
        return trueNow + _clockOffset + drift;
    }

    /// <summary>NTP on (re)connect: the accumulated error goes, a few milliseconds of jitter stay.</summary>
    public void Sync(DateTimeOffset trueNow)
    {
        _syncedAt = trueNow;
        _clockOffset = TimeSpan.FromMilliseconds((random.NextDouble() - 0.5) * 20);
    }

    /// <summary>Battery voltage after one more transmission at <paramref name="trueNow"/>.</summary>
    public double Battery(DateTimeOffset trueNow)
    {
        var hour = (trueNow.UtcDateTime.TimeOfDay.TotalHours + 8) % 24;
        _battery += hour is > 9 and < 16 ? 0.0004 : -0.0002; // solar charge by day, drain at night
        _battery = Math.Clamp(_battery, 3.30, 4.15);
        return Math.Round(_battery, 3);
    }

    /// <summary>Radio signal strength, a random walk between -110 and -50 dBm.</summary>
    public double Rssi()
    {
        _rssi = Math.Clamp(_rssi + ((random.NextDouble() - 0.5) * 4), -110, -50);
        return Math.Round(_rssi);
    }
}
