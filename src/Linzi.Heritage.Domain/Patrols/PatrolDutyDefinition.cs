using System.Globalization;
using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// A cell's patrol duty as the API carries it: <c>{"every":"P1D","windowFrom":"08:00","windowTo":"18:00"}</c>, with an
/// optional IANA <c>timeZone</c> (Asia/Shanghai by default). Read back with who set it and when.
/// </summary>
public sealed record PatrolDutyDefinition
{
    /// <summary>The cell (read back; the path names it on write).</summary>
    [JsonPropertyName("cellId")] public string? CellId { get; init; }

    /// <summary>ISO 8601 duration of whole days, weeks, months or years.</summary>
    [JsonPropertyName("every")] public string? Every { get; init; }

    /// <summary>Local start of the hours a visit must fall in, <c>HH:mm</c>; with <see cref="WindowTo"/> or neither.</summary>
    [JsonPropertyName("windowFrom")] public string? WindowFrom { get; init; }

    /// <summary>Local end of those hours (exclusive), <c>HH:mm</c>; earlier than the start for a window past midnight.</summary>
    [JsonPropertyName("windowTo")] public string? WindowTo { get; init; }

    /// <summary>True when each visit must also check fire safety (the checklist's <c>fire</c> item).</summary>
    [JsonPropertyName("fire")] public bool? Fire { get; init; }

    /// <summary>IANA time zone of the hours and periods.</summary>
    [JsonPropertyName("timeZone")] public string? TimeZone { get; init; }

    /// <summary>Who set it (read back).</summary>
    [JsonPropertyName("setBy")] public string? SetBy { get; init; }

    /// <summary>When (read back).</summary>
    [JsonPropertyName("setAt")] public DateTimeOffset? SetAt { get; init; }

    /// <summary>The cell's earlier duties, oldest first (read back; ignored on write, where the server keeps them).</summary>
    [JsonPropertyName("earlier")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PatrolDutyDefinition>? Earlier { get; init; }

    /// <summary>When the bureau withdrew it (read back, for a withdrawn version in <see cref="Earlier"/>; ignored on write).</summary>
    [JsonPropertyName("endedAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The same definition without who set it, when, what came before or its end: to tell whether a save changes anything.</summary>
    public PatrolDutyDefinition Terms() => this with { SetBy = null, SetAt = null, Earlier = null, EndedAt = null };
}

/// <summary>Validates duty definitions and maps them to and from <see cref="PatrolDuty"/>. Pure.</summary>
public static class PatrolDutyMapper
{
    /// <summary>Maps a definition for a cell; null with field errors when it is not valid.</summary>
    public static PatrolDuty? TryMap(string cellId, PatrolDutyDefinition? definition, string setBy, DateTimeOffset setAt, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        if (definition is null)
        {
            errors.Add("body", "A JSON body {\"every\",\"windowFrom\",\"windowTo\"} is required.");
            return null;
        }

        var every = PatrolEvery.TryParse(definition.Every);
        if (every is null)
        {
            errors.Add("every", "Use an ISO 8601 duration of one unit: whole days, weeks, months or years (P1D, P1W, P1M, P3M), or hours or minutes shorter than a day (PT12H, PT30M).");
        }

        var from = Time(definition.WindowFrom, "windowFrom", errors);
        var to = Time(definition.WindowTo, "windowTo", errors);
        if ((from is null) != (to is null) && errors.IsEmpty)
        {
            errors.Add("windowTo", "Give both windowFrom and windowTo, or neither.");
        }
        else if (from is not null && from == to)
        {
            errors.Add("windowTo", "The window must not be empty: windowTo differs from windowFrom (earlier runs past midnight).");
        }

        if (every is { IsSubDay: true } && from is not null)
        {
            errors.Add("windowFrom", "Window hours apply to periods of a day or longer; a period shorter than a day is its own window.");
        }

        if (!Schedule.TryFindZone(definition.TimeZone, out var zone))
        {
            errors.Add("timeZone", $"Unknown time zone '{definition.TimeZone}': use an IANA id such as Asia/Shanghai.");
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        // Earlier versions come back from the store as they were kept; one that no longer reads is left out.
        var earlier = (definition.Earlier ?? [])
            .OfType<PatrolDutyDefinition>()
            .Select(e => TryMap(cellId, e with { Earlier = null }, e.SetBy ?? "?", e.SetAt ?? DateTimeOffset.UnixEpoch, out _))
            .OfType<PatrolDuty>();
        return new PatrolDuty(cellId, every!, from, to, zone, setBy, setAt) { FireCheck = definition.Fire ?? false, Earlier = [.. earlier], EndedAt = definition.EndedAt };
    }

    /// <summary>The definition of a duty, as read back.</summary>
    public static PatrolDutyDefinition ToDefinition(PatrolDuty duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return new PatrolDutyDefinition
        {
            CellId = duty.CellId,
            Every = duty.Every.ToString(),
            WindowFrom = duty.WindowFrom?.ToString("HH:mm", CultureInfo.InvariantCulture),
            WindowTo = duty.WindowTo?.ToString("HH:mm", CultureInfo.InvariantCulture),
            TimeZone = duty.Zone.Id,
            Fire = duty.FireCheck,
            SetBy = duty.SetBy,
            SetAt = duty.SetAt,
            Earlier = duty.Earlier.Count == 0 ? null : [.. duty.Earlier.Select(ToDefinition)],
            EndedAt = duty.EndedAt,
        };
    }

    private static TimeOnly? Time(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && time.Second == 0)
        {
            return time;
        }

        errors.Add(field, $"'{text}' is not a time of day in whole minutes: use HH:mm, such as 08:00.");
        return null;
    }
}
