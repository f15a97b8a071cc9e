using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Linzi.Heritage.Storage.Evidence;

namespace Linzi.Heritage.Server.Evidence;

/// <summary>
/// The printable case page (案件卷宗): one self-contained HTML file, photos embedded, every value HTML-encoded.
/// </summary>
public static class CasePage
{
    /// <summary>The most photo bytes one page embeds; the rest are listed for download (<c>/attachments/{id}</c>).</summary>
    public const long MaxEmbeddedBytes = 40L * 1024 * 1024;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Renders the case file.</summary>
    /// <param name="file">The case.</param>
    /// <param name="open">Opens an attachment's content, for embedding.</param>
    public static string Render(CaseFile file, Func<Attachment, Stream?> open)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(open);
        var a = file.Alert;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E($"案件卷宗 {a.Id}")).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:4px 8px;text-align:left}")
            .Append("img{max-width:45%;margin:4px;border:1px solid #ccc}.broken{color:#b00;font-weight:bold}@media print{a{color:black}}</style></head><body>");
        page.Append("<h1>").Append(E($"案件卷宗 Case file {a.Id}")).Append("</h1>");
        Table(page, [
            ("规则 Rule", a.RuleId), ("级别 Severity", a.Severity), ("状态 State", a.State), ("处置 Disposition", a.Disposition ?? "—"),
            ("文物点 Site", $"{file.SiteName ?? a.SiteId} ({a.SiteId})"), ("网格 Cell", a.CellId ?? "—"), ("设备 Device", a.DeviceId),
            ("数值 Value", string.Create(CultureInfo.InvariantCulture, $"{a.Metric} = {a.Value:0.###} (latest {a.LastValue:0.###}, {a.Occurrences}×)")),
            ("发生 Raised", Time(a.RaisedAt)), ("文物长链 Chain", string.Join(" → ", file.Chain)), ("消息 Message", a.Message),
            ("演练 Drill", a.Drill ? "是 yes" : "否 no"),
        ]);
        if (a.Incident is { } i)
        {
            page.Append("<h2>确认案件报告时限 Reporting clock</h2>");
            Table(page, [
                ("初报截止 First report due", Time(i.InitialReportDue)), ("初报 First report", i.InitialReportedAt is { } ir ? $"{Time(ir)} {i.InitialReference}" : i.InitialOverdue ? "逾期 OVERDUE" : "—"),
                ("正式报告截止 Formal report due", Time(i.FormalReportDue)), ("正式报告 Formal report", i.FormalReportedAt is { } fr ? $"{Time(fr)} {i.FormalReference}" : i.FormalOverdue ? "逾期 OVERDUE" : "—"),
            ]);
        }

        page.Append("<h2>处置记录 History</h2>");
        page.Append(file.History.Intact
            ? $"<p>{E($"哈希链完整 Hash chain intact ({file.History.EventsChecked} events).")}</p>"
            : $"<p class=\"broken\">{E($"哈希链断裂 Hash chain BROKEN: {file.History.Problem} (event {file.History.BrokenAtEventId})")}</p>");
        page.Append("<table><tr><th>时间 Time</th><th>事件 Event</th><th>人员 Actor</th><th>至 To</th><th>说明 Note</th></tr>");
        foreach (var e in file.Events)
        {
            page.Append("<tr><td>").Append(E(Time(e.At))).Append("</td><td>").Append(E(e.Type)).Append("</td><td>").Append(E(e.Actor))
                .Append("</td><td>").Append(E(e.To ?? "")).Append("</td><td>").Append(E(e.Note ?? "")).Append("</td></tr>");
        }

        page.Append("</table><h2>").Append(E($"前后 {EvidenceEndpoints.ReadingsAround.TotalMinutes:0} 分钟读数 Readings around the alert")).Append("</h2>");
        page.Append("<table><tr><th>时间 Time</th><th>指标 Metric</th><th>值 Value</th></tr>");
        foreach (var r in file.Readings)
        {
            page.Append("<tr><td>").Append(E(Time(r.Ts))).Append("</td><td>").Append(E(r.Metric)).Append("</td><td>")
                .Append(E(r.Value.ToString("0.###", CultureInfo.InvariantCulture))).Append("</td></tr>");
        }

        page.Append("</table><h2>现场照片 Photos</h2>");
        var embedded = 0L;
        foreach (var attachment in file.Attachments)
        {
            page.Append("<figure>");
            // The page is one self-contained file for the case record, so photos go in as data; past a budget they are
            // listed with their hash for separate download instead, so one alert's photos cannot exhaust memory.
            var fits = embedded + attachment.Bytes <= MaxEmbeddedBytes;
            embedded += fits ? attachment.Bytes : 0;
            using var stream = attachment.ContentType == "image/heic" || !fits ? null : open(attachment);
            if (stream is not null)
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                page.Append("<img alt=\"").Append(E(attachment.FileName)).Append("\" src=\"data:").Append(attachment.ContentType).Append(";base64,")
                    .Append(Convert.ToBase64String(memory.GetBuffer(), 0, (int)memory.Length)).Append("\">");
            }

            page.Append("<figcaption>").Append(E($"{attachment.FileName} · {attachment.UploadedBy} · {Time(attachment.At)} · sha256 {attachment.Sha256} · {attachment.Note}"))
                .Append("</figcaption></figure>");
        }

        page.Append("<p>").Append(E($"导出时间 Exported {Time(file.ExportedAt)}")).Append("</p></body></html>");
        return page.ToString();
    }

    private static void Table(StringBuilder page, (string Label, string Value)[] rows)
    {
        page.Append("<table>");
        foreach (var (label, value) in rows)
        {
            page.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        page.Append("</table>");
    }

    private static string E(string value) => Html.Encode(value);

    private static string Time(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss '(UTC+8)'", CultureInfo.InvariantCulture);
}
