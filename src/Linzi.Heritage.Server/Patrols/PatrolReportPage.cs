using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Linzi.Heritage.Domain.Patrols;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>The printable patrol report (巡查周报): one self-contained HTML page, every value HTML-encoded.</summary>
public static class PatrolReportPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;
    private static readonly TimeZoneInfo China = Zone();

    /// <summary>Renders the report.</summary>
    public static string Render(PatrolReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var page = new StringBuilder();
        var title = $"巡查报告 Patrol report {Time(report.From)} – {Time(report.To)}";
        page.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:4px 8px;text-align:left}")
            .Append(".missed{color:#b00;font-weight:bold}</style></head><body>")
            .Append("<h1>").Append(E(title)).Append("</h1>");
        page.Append("<p>").Append(E($"范围 Area: {report.Chief ?? "全区 whole district"} · 到访 Visits: {report.Visits} · 应巡 Duty periods: {report.DutyPeriods} · " +
            $"漏巡 Missed: {report.Missed} · 覆盖率 Coverage: {Percent(report.Coverage)}")).Append("</p>");
        page.Append("<table><tr><th>网格 Cell</th><th>网格员 Inspector</th><th>巡查要求 Duty</th><th>到访 Visits</th><th>最近到访 Last visit</th>")
            .Append("<th>应巡 Due</th><th>漏巡 Missed</th><th>覆盖率 Coverage</th><th>巡查记录 Reports</th><th>发现 Findings</th><th>未结告警 Open alerts</th></tr>");
        foreach (var row in report.Cells)
        {
            page.Append("<tr><td>").Append(E($"{row.CellName} ({row.CellId})")).Append("</td><td>").Append(E(row.Inspector.Length == 0 ? "—" : row.Inspector))
                .Append("</td><td>").Append(E(row.Duty ?? "—")).Append("</td><td>").Append(row.Visits.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(row.LastVisit is { } last ? Time(last) : "—"))
                .Append("</td><td>").Append(row.DutyPeriods.ToString(CultureInfo.InvariantCulture))
                .Append(row.Missed > 0 ? "</td><td class=\"missed\">" : "</td><td>")
                .Append(E(row.Missed == 0 ? "0" : $"{row.Missed}: {string.Join(", ", row.MissedDeadlines.Select(Time))}"))
                .Append("</td><td>").Append(E(Percent(row.Coverage))).Append("</td><td>").Append(row.Reports.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(row.Findings.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(row.OpenAlerts.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        return page.Append("</table></body></html>").ToString();
    }

    private static string Percent(double? share) => share is { } s ? s.ToString("P0", CultureInfo.InvariantCulture) : "—";

    private static string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string E(string text) => Html.Encode(text);

    private static TimeZoneInfo Zone()
    {
        Domain.Rules.Schedule.TryFindZone(null, out var zone);
        return zone;
    }
}
