using System.Collections.Concurrent;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// The newest reading per device, coalesced: however fast readings arrive, a live-map push carries each device at
/// most once. It also keeps each device's newest reading for pages that open later (markers, device health).
/// Thread-safe: writers replace entries; the broadcaster swaps the dirty set out.
/// </summary>
public sealed class LiveReadings
{
    private readonly ConcurrentDictionary<string, Reading> _latest = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, Reading> _dirty = new(StringComparer.Ordinal);

    /// <summary>Offers a reading; an older one than already held is ignored.</summary>
    public void Offer(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        _dirty.AddOrUpdate(reading.DeviceId, static (_, offered) => offered, Newer, reading);
        _latest.AddOrUpdate(reading.DeviceId, static (_, offered) => offered, Newer, reading);
    }

    /// <summary>The device's newest reading since start, or null when it has sent none.</summary>
    public Reading? Latest(string deviceId) => _latest.GetValueOrDefault(deviceId);

    private static Reading Newer(string deviceId, Reading old, Reading offered) => old.Timestamp > offered.Timestamp ? old : offered;

    /// <summary>Takes every device that changed since the last call.</summary>
    /// <remarks>
    /// REVIEW: a writer that fetched the old dictionary just before the swap lands its update there and it is lost
    /// for this push; the device's next reading shows again. Acceptable for a live map, never for stored data.
    /// </remarks>
    public IReadOnlyCollection<Reading> TakeChanged()
    {
        if (_dirty.IsEmpty)
        {
            return [];
        }

        var taken = Interlocked.Exchange(ref _dirty, new ConcurrentDictionary<string, Reading>(StringComparer.Ordinal));
        return [.. taken.Values];
    }
}
