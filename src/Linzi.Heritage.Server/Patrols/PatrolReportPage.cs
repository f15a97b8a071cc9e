using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Linzi.Heritage.Domain.Patrols;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>The printable patrol report (巡查周报): one self-contained HTML page, every value HTML-encoded.</summary>
public static class PatrolReportPage
{
    // Every script allowed, so names print as 张伟 rather than as character references; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
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

        page.Append("</table>");
        Sites(page, report.Sites);
        return page.Append("</body></html>").ToString();
    }

    // 专人负责、专人监管、专人巡查: the people named for each site of the area, so the chief knows whom to ask.
    private static void Sites(StringBuilder page, IReadOnlyList<PatrolReportSite> sites)
    {
        if (sites.Count == 0)
        {
            return;
        }

        page.Append("<h2>文物保护单位与责任人 Sites and their named people</h2><table><tr><th>文物点 Site</th><th>网格 Cells</th>")
            .Append("<th>负责人 Responsible</th><th>监管人 Supervisor</th><th>巡查员 Patroller</th></tr>");
        foreach (var site in sites)
        {
            page.Append("<tr><td>").Append(E($"{site.Name} ({site.SiteId}){(site.Staffed ? " · 有人看管 guarded" : "")}"))
                .Append("</td><td>").Append(E(string.Join(", ", site.CellIds)))
                .Append("</td><td>").Append(E(Person(site.Stewards?.Responsible)))
                .Append("</td><td>").Append(E(Person(site.Stewards?.Supervisor)))
                .Append("</td><td>").Append(E(Person(site.Stewards?.Patroller))).Append("</td></tr>");
        }

        page.Append("</table>");
    }

    private static string Person(Domain.Registry.StewardPerson? person) =>
        person is null ? "未指定 none named" : string.Join(" ", new[] { person.Name, person.Phone, person.Username is null ? null : $"({person.Username})" }.OfType<string>());

    private static string Percent(double? share) => share is { } s ? s.ToString("P0", CultureInfo.InvariantCulture) : "—";

    private static string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string E(string text) => Html.Encode(text);

    private static TimeZoneInfo Zone()
    {
        Domain.Rules.Schedule.TryFindZone(null, out var zone);
        return zone;
    }
}
