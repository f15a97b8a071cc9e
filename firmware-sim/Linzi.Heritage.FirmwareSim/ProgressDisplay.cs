using System.Globalization;
using Spectre.Console;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// Progress of a fleet run. On a terminal, a live Spectre.Console table redrawn in place; when the output is
/// redirected (a log, CI) or is not the console, one plain line per report.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="loop"/>, giving it a callback that shows each report.</summary>
    public static async Task RunAsync(TextWriter output, Func<Action<FleetSummary>, Task> loop)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(loop);
        var rate = new RateMeter();
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("connected", "taken", "acknowledged", "buffered", "rate /s", "reconnects", "alerts seen");
            table.AddRow("…", "", "", "", "", "", "");
            await AnsiConsole.Live(table).StartAsync(async context => await loop(s =>
            {
                table.UpdateCell(0, 0, $"{s.Connected}/{s.Devices}").UpdateCell(0, 1, N(s.Taken)).UpdateCell(0, 2, N(s.Published))
                    .UpdateCell(0, 3, N(s.Buffered)).UpdateCell(0, 4, N(rate.Next(s))).UpdateCell(0, 5, N(s.Reconnects)).UpdateCell(0, 6, s.Alerts);
                table.Caption($"{s.Elapsed:hh\\:mm\\:ss}");
                context.Refresh();
            }));
            return;
        }

        await loop(s => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Elapsed.TotalSeconds,6:0}s  connected {s.Connected}/{s.Devices}  taken {s.Taken}  acknowledged {s.Published}  buffered {s.Buffered}  {rate.Next(s):0}/s  reconnects {s.Reconnects}  alerts {s.Alerts}")));
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class RateMeter
    {
        private long _published;
        private TimeSpan _elapsed;

        public double Next(FleetSummary s)
        {
            var seconds = (s.Elapsed - _elapsed).TotalSeconds;
            var rate = seconds > 0 ? (s.Published - _published) / seconds : 0;
            (_published, _elapsed) = (s.Published, s.Elapsed);
            return rate;
        }
    }
}
