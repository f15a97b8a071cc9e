using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Registry.Transfer;

/// <summary>Maps a whole <see cref="RegistryDocument"/> to registry data, checking every entry and the references between them. Pure.</summary>
public static class RegistryDocumentMapper
{
    /// <summary>The registry in a document; null with every bad entry named in <paramref name="errors"/>.</summary>
    public static RegistryData? ToData(RegistryDocument document, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(errors);
        var sites = MapAll(document.Sites, "sites", s => s?.Id, (e, p) => RegistryEntryMapper.TryMapSite(e, p, errors), errors);
        var siteIds = (document.Sites ?? []).Where(s => s?.Id is not null).Select(s => s!.Id!).ToHashSet(StringComparer.Ordinal);
        var zones = MapAll(document.Zones, "zones", z => z?.Id, (e, p) => RegistryEntryMapper.TryMapZone(e, siteIds, p, errors), errors);
        var cells = MapAll(document.Cells, "cells", c => c?.Id, (e, p) => RegistryEntryMapper.TryMapCell(e, p, errors), errors);
        var devices = MapAll(document.Devices, "devices", d => d?.Id, (e, p) => RegistryEntryMapper.TryMapDevice(e, siteIds, p, errors), errors);
        var names = new RegistryNames(siteIds, zones.Select(z => z.Id).ToHashSet(StringComparer.Ordinal), cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        var rules = MapAll(document.Rules, "rules", r => r?.Id, (definition, path) =>
        {
            var rule = RuleDefinitionMapper.TryMap(definition, names, out var ruleErrors);
            foreach (var (field, messages) in ruleErrors)
            {
                foreach (var message in messages)
                {
                    errors.Add($"{path}.{field}", message);
                }
            }

            return rule;
        }, errors);

        return errors.IsEmpty ? new RegistryData(sites, zones, cells, devices, rules) : null;
    }

    /// <summary>Maps each entry of a list, and refuses a repeated id naming both places.</summary>
    public static List<T> MapAll<TEntry, T>(
        IReadOnlyList<TEntry>? entries, string list, Func<TEntry, string?> id, Func<TEntry, string, T?> map, ValidationErrors errors)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(errors);
        var mapped = new List<T>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i];
            var path = $"{list}[{i}]";
            if (id(entry) is { } key && !seen.TryAdd(key, i))
            {
                errors.Add($"{path}.id", $"Duplicate id '{key}' (also {list}[{seen[key]}]).");
                continue;
            }

            if (map(entry, path) is { } item)
            {
                mapped.Add(item);
            }
        }

        return mapped;
    }
}
