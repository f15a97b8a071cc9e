using System.Globalization;
using System.Text;
using Linzi.Heritage.Domain.Patrols;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// The patrol report as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read the Chinese
/// names): one line per cell. A value that a spreadsheet would run as a formula (=, +, -, @) is written with a leading
/// apostrophe: cell names come from the registry, and an export must not become a way to run one.
/// </summary>
public static class PatrolReportCsv
{
    /// <summary>Renders the report.</summary>
    public static byte[] Render(PatrolReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, ["cellId", "cellName", "inspector", "duty", "visits", "lastVisit", "dutyPeriods", "missed", "missedDeadlines", "coverage", "reports", "findings", "openAlerts"]);
        foreach (var row in report.Cells)
        {
            Line(csv, [
                row.CellId, row.CellName, row.Inspector, row.Duty ?? string.Empty, Number(row.Visits), row.LastVisit is { } last ? Time(last) : string.Empty,
                Number(row.DutyPeriods), Number(row.Missed), string.Join(' ', row.MissedDeadlines.Select(Time)),
                row.Coverage is { } coverage ? coverage.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty,
                Number(row.Reports), Number(row.Findings), Number(row.OpenAlerts)]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var value = values[i] is [('=' or '+' or '-' or '@'), ..] formula ? "'" + formula : values[i];
            csv.Append(value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value);
        }

        csv.Append("\r\n");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
