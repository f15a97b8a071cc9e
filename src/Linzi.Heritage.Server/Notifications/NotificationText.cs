using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>The words of a notice on a phone: short, Chinese first, the drill mark always first.</summary>
public static class NotificationText
{
    /// <summary>The text of a notice.</summary>
    public static string For(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var a = notice.Alert;
        var colour = a.Severity switch
        {
            Severity.Red => "红色预警",
            Severity.Orange => "橙色预警",
            Severity.Yellow => "黄色预警",
            _ => "蓝色预警",
        };
        var what = notice.Kind switch
        {
            "escalated" => $"已升级至 {notice.To}",
            "reminded" => $"仍未处置，再次提醒 {notice.To}",
            "overdue" => "确认案件报告逾期",
            _ => notice.To is null ? "新告警" : $"请 {notice.To} 处置",
        };
        var drill = a.Drill ? "【演练】" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{drill}【{colour}】{a.Message}｜{what}｜网格 {a.CellId ?? "—"}｜{a.Id}");
    }

    /// <summary>The text of a digest of folded notices.</summary>
    public static string Digest(int count, IEnumerable<string?> rules, IEnumerable<string?> devices) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"【汇总】另有 {count} 条告警通知已合并：规则 {string.Join("、", rules.OfType<string>().Distinct().Take(5))}；设备 {string.Join("、", devices.OfType<string>().Distinct().Take(10))}。详见监管平台。");
}
