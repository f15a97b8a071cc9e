using System.Globalization;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>Progress of a fleet run: one line every few seconds (a live table would need a terminal; lines work in logs and CI).</summary>
internal sealed class ProgressDisplay(TextWriter output) : IDisposable
{
    private long _lastPublished;
    private TimeSpan _lastElapsed;

    public static ProgressDisplay Create(TextWriter output) => new(output);

    public void Show(FleetSummary s)
    {
        var seconds = (s.Elapsed - _lastElapsed).TotalSeconds;
        var rate = seconds > 0 ? (s.Published - _lastPublished) / seconds : 0;
        (_lastPublished, _lastElapsed) = (s.Published, s.Elapsed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Elapsed.TotalSeconds,6:0}s  connected {s.Connected}/{s.Devices}  taken {s.Taken}  acknowledged {s.Published}  buffered {s.Buffered}  {rate:0}/s  reconnects {s.Reconnects}"));
    }

    public void Dispose()
    {
    }
}
