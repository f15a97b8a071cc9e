using System.Text.Json;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Works;

namespace Linzi.Heritage.Server.Registry.Transfer;

/// <summary>What an import did or, in a dry run, would do.</summary>
public sealed record RegistryImportResult(
    bool DryRun,
    RegistryDiff Diff,
    EntityDiff Permits,
    IReadOnlyList<string> DevicesWithoutSecret,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Makes the registry equal to a <see cref="RegistryDocument"/>: entries in the document are added or replaced, and
/// sites, zones, cells, rules and permits that are not in it are removed. Devices not in it are decommissioned, not
/// deleted, so their history and ids stay. Devices new to this installation come without secrets (the document never
/// holds any): the result lists them, and each gets one from <c>rotate-secret</c>. Accounts named on cells and sites
/// that do not exist here yet are warnings, not errors, so an installation can be copied before its people are.
/// The registry changes in one transaction; permits follow in their own store.
/// </summary>
public sealed class RegistryImporter(RegistryEditor editor, WorksHolder works, IUserStore users, TimeProvider time)
{
    /// <summary>Reads a document; null with errors when it is not one.</summary>
    public static RegistryDocument? Read(ReadOnlySpan<byte> json, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        RegistryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RegistryDocument>(json, RegistryDocument.Json);
        }
        catch (JsonException ex)
        {
            errors.Add(ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", $"Not a registry document: {ex.Message}");
            return null;
        }

        if (document is null || document.Format != RegistryDocument.FormatName)
        {
            errors.Add("format", $"Required: \"{RegistryDocument.FormatName}\" (a document from GET /api/registry/export).");
            return null;
        }

        if (document.Version != RegistryDocument.CurrentVersion)
        {
            errors.Add("version", $"Version {document.Version} is not one this server reads ({RegistryDocument.CurrentVersion}).");
            return null;
        }

        return document;
    }

    /// <summary>Imports (or, with <paramref name="dryRun"/>, previews) a document; a refusal names every bad entry.</summary>
    public (RegistryImportResult? Result, RegistryRefusal? Refusal) Import(RegistryDocument document, bool dryRun, string actor)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new ValidationErrors();
        var data = RegistryDocumentMapper.ToData(document, errors);
        var permits = MapPermits(document, actor, errors);
        if (!errors.IsEmpty)
        {
            return (null, RegistryRefusal.Invalid(errors.ByField));
        }

        if (permits.FirstOrDefault(p => works.Current.KindOf(p.Id) is "maintenance" or "drill") is { } taken)
        {
            return (null, RegistryRefusal.Conflict("permits", $"The id '{taken.Id}' belongs to a {works.Current.KindOf(taken.Id)} window; permits and windows keep apart ids."));
        }

        var warnings = MissingPeople(data!);

        var edit = editor.Edit(actor, dryRun, registry => Plan(registry, data!), action: "imported");
        if (edit.Refusal is { } refusal)
        {
            return (null, refusal);
        }

        var permitDiff = DiffPermits(works.Current.Permits, permits);
        if (!dryRun)
        {
            foreach (var permit in permits)
            {
                editor.PutPermit(permit, actor);
            }

            foreach (var id in permitDiff.Removed)
            {
                editor.DeletePermit(id, actor);
            }
        }

        var withoutSecret = edit.Diff!.Devices.Added.Where(id => edit.After.Devices.ContainsKey(id)).ToList();
        return (new RegistryImportResult(dryRun, edit.Diff, permitDiff, withoutSecret, warnings), null);
    }

    private RegistryPlan Plan(RegistrySnapshot registry, RegistryData data)
    {
        var keep = data.Devices.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var retired = registry.Devices.Values.Where(d => !keep.Contains(d.Id)).Select(d => d with { DecommissionedAt = now });
        return new RegistryChange
        {
            Sites = data.Sites,
            Zones = data.Zones,
            Cells = data.Cells,
            Rules = data.Rules,
            Devices = [.. data.Devices, .. retired],
            DeletedSites = Missing(registry.Sites.Keys, data.Sites.Select(s => s.Id)),
            DeletedZones = Missing(registry.Zones.Select(z => z.Id), data.Zones.Select(z => z.Id)),
            DeletedCells = Missing(registry.Cells.Keys, data.Cells.Select(c => c.Id)),
            DeletedRules = Missing(registry.Rules.Select(r => r.Id), data.Rules.Select(r => r.Id)),
        };
    }

    // Accounts named on the map that do not exist here yet: a warning, since people may be created after the import.
    private List<string> MissingPeople(RegistryData data) =>
        [.. data.Sites.Select(s => s.ResponsibleChief)
            .Concat(data.Sites.SelectMany(s => s.Stewards?.Named() ?? []).Select(p => p.Person.Username))
            .Concat(data.Cells.SelectMany(c => c.Chain))
            .Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal)
            .Where(n => users.Find(n!) is null)
            .Select(n => $"No account '{n}' yet: alerts for it wait until one is created.")];

    private List<Permit> MapPermits(RegistryDocument document, string actor, ValidationErrors errors) =>
        RegistryDocumentMapper.MapAll(document.Permits, "permits", p => p?.Id, (definition, path) =>
        {
            var permit = WorksMapper.TryMap(definition, definition?.CreatedBy ?? actor, definition?.CreatedAt ?? time.GetUtcNow(), out var permitErrors);
            foreach (var (field, messages) in permitErrors)
            {
                foreach (var message in messages)
                {
                    errors.Add($"{path}.{field}", message);
                }
            }

            return permit;
        }, errors);

    // Who registered a permit and when is kept from the installation's own copy, so it is no difference.
    private static EntityDiff DiffPermits(IReadOnlyList<Permit> current, IReadOnlyList<Permit> imported) =>
        EntityDiff.Between(current, imported, p => p.Id, p => JsonSerializer.Serialize(WorksMapper.ToDefinition(p) with { CreatedBy = null, CreatedAt = null }));

    private static string[] Missing(IEnumerable<string> current, IEnumerable<string> kept)
    {
        var keep = kept.ToHashSet(StringComparer.Ordinal);
        return [.. current.Where(id => !keep.Contains(id))];
    }
}
