using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Works;

namespace Linzi.Heritage.Server.Registry;

/// <summary>What an edit did.</summary>
public enum EditOutcome
{
    /// <summary>A new entry.</summary>
    Created,

    /// <summary>An existing entry replaced.</summary>
    Replaced,

    /// <summary>An entry deleted.</summary>
    Deleted,

    /// <summary>Nothing to replace or delete; nothing changed.</summary>
    NotFound,

    /// <summary>The id is taken; nothing changed.</summary>
    Conflict,
}

/// <summary>
/// The one writer of the installation's registry: rules, devices, permits and maintenance windows (sites, zones,
/// cells and people follow with administration). Each change is saved, swapped into the snapshot the pipeline reads,
/// and audited with who, when and both versions, in that order under one lock, so the store, the snapshot and the
/// audit log never disagree and two editors of the same entry never interleave. Callers validate first; the editor
/// decides created, replaced, not found or conflict against the state inside the lock.
/// Thread-safe.
/// </summary>
public sealed partial class RegistryEditor(
    IRegistryStore registryStore,
    IWorksStore worksStore,
    RegistryHolder registry,
    WorksHolder works,
    IAuditLog audit,
    TimeProvider time,
    ILogger<RegistryEditor> logger)
{
    private readonly Lock _lock = new();

    /// <summary>Adds a rule; <see cref="EditOutcome.Conflict"/> when its id is taken.</summary>
    public EditOutcome CreateRule(Rule rule, string actor) => PutRule(rule, actor, create: true);

    /// <summary>Replaces a rule; <see cref="EditOutcome.NotFound"/> when there is none with its id.</summary>
    public EditOutcome ReplaceRule(Rule rule, string actor) => PutRule(rule, actor, create: false);

    /// <summary>Deletes a rule.</summary>
    public EditOutcome DeleteRule(string id, string actor)
    {
        lock (_lock)
        {
            if (FindRule(id) is not { } old || !registryStore.DeleteRule(id))
            {
                return EditOutcome.NotFound;
            }

            registry.Update(current => current.WithRules(current.Rules.Where(r => r.Id != id)));
            return Audit("rule", id, actor, RuleDefinitionMapper.ToDefinition(old), null);
        }
    }

    /// <summary>Provisions a device with its secret's hash (never audited: the secret is shown once, to its caller).</summary>
    public EditOutcome AddDevice(Device device, string secretHash, string actor)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            if (!registryStore.TryAddDevice(device, secretHash))
            {
                return EditOutcome.Conflict;
            }

            registry.Update(current => current.WithDevice(device));
            return Audit("device", device.Id, actor, null, device);
        }
    }

    /// <summary>Audits configuration pushed to a device: it changes how the device reports, so it is a change too.</summary>
    public void RecordDeviceCommand(string deviceId, object command, string actor)
    {
        lock (_lock)
        {
            Audit("device", deviceId, actor, null, command, "configured");
        }
    }

    /// <summary>
    /// Creates or replaces a permit, keeping who registered it first and when; <see cref="EditOutcome.Conflict"/> when a
    /// maintenance window has the id (permits and windows are written by different roles, so neither may take the
    /// other's id).
    /// </summary>
    public (EditOutcome Outcome, Permit Saved) PutPermit(Permit permit, string actor)
    {
        ArgumentNullException.ThrowIfNull(permit);
        lock (_lock)
        {
            if (IdOfAnotherKind(permit.Id, "permit"))
            {
                return (EditOutcome.Conflict, permit);
            }

            var old = works.Current.Permits.FirstOrDefault(p => p.Id == permit.Id);
            var saved = old is null ? permit : permit with { CreatedBy = old.CreatedBy, CreatedAt = old.CreatedAt };
            worksStore.Save(saved);
            works.Update(w => w.With(saved));
            return (Audit("permit", saved.Id, actor, old is null ? null : WorksMapper.ToDefinition(old), WorksMapper.ToDefinition(saved)), saved);
        }
    }

    /// <summary>Creates or replaces a maintenance window, keeping who registered it first and when; <see cref="EditOutcome.Conflict"/> when a permit has the id.</summary>
    public (EditOutcome Outcome, MaintenanceWindow Saved) PutMaintenance(MaintenanceWindow window, string actor) =>
        PutWindow("maintenance", window, actor, w => w.Maintenance, worksStore.Save, (w, saved) => w.With(saved));

    /// <summary>
    /// Creates or replaces a drill window (the bureau's), keeping who registered it first and when;
    /// <see cref="EditOutcome.Conflict"/> when a permit or maintenance window has the id.
    /// </summary>
    public (EditOutcome Outcome, MaintenanceWindow Saved) PutDrill(MaintenanceWindow drill, string actor) =>
        PutWindow("drill", drill, actor, w => w.Drills, worksStore.SaveDrill, (w, saved) => w.WithDrill(saved));

    // Maintenance and drill windows share a shape; each kind has its own list, store call and audit entity.
    private (EditOutcome Outcome, MaintenanceWindow Saved) PutWindow(
        string kind, MaintenanceWindow window, string actor, Func<WorksRegistry, IReadOnlyList<MaintenanceWindow>> existing,
        Action<MaintenanceWindow> save, Func<WorksRegistry, MaintenanceWindow, WorksRegistry> with)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (_lock)
        {
            if (IdOfAnotherKind(window.Id, kind))
            {
                return (EditOutcome.Conflict, window);
            }

            var old = existing(works.Current).FirstOrDefault(m => m.Id == window.Id);
            var saved = old is null ? window : window with { CreatedBy = old.CreatedBy, CreatedAt = old.CreatedAt };
            save(saved);
            works.Update(w => with(w, saved));
            return (Audit(kind, saved.Id, actor, old is null ? null : WorksMapper.ToDefinition(old), WorksMapper.ToDefinition(saved)), saved);
        }
    }

    /// <summary>Deletes a drill window.</summary>
    public EditOutcome DeleteDrill(string id, string actor)
    {
        lock (_lock)
        {
            return works.Current.Drills.FirstOrDefault(d => d.Id == id) is { } old
                ? DeleteWorks("drill", id, actor, WorksMapper.ToDefinition(old), worksStore.DeleteDrill, w => w.WithoutDrill(id))
                : EditOutcome.NotFound;
        }
    }

    /// <summary>Deletes a permit.</summary>
    public EditOutcome DeletePermit(string id, string actor)
    {
        lock (_lock)
        {
            return works.Current.Permits.FirstOrDefault(p => p.Id == id) is { } old
                ? DeleteWorks("permit", id, actor, WorksMapper.ToDefinition(old), worksStore.DeletePermit, w => w.WithoutPermit(id))
                : EditOutcome.NotFound;
        }
    }

    /// <summary>Deletes a maintenance window.</summary>
    public EditOutcome DeleteMaintenance(string id, string actor)
    {
        lock (_lock)
        {
            return works.Current.Maintenance.FirstOrDefault(m => m.Id == id) is { } old
                ? DeleteWorks("maintenance", id, actor, WorksMapper.ToDefinition(old), worksStore.DeleteMaintenance, w => w.WithoutMaintenance(id))
                : EditOutcome.NotFound;
        }
    }

    // Under the lock.
    private EditOutcome PutRule(Rule rule, string actor, bool create)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            var old = FindRule(rule.Id);
            if (create && old is not null)
            {
                return EditOutcome.Conflict;
            }

            if (!create && old is null)
            {
                return EditOutcome.NotFound;
            }

            registryStore.SaveRule(rule);
            registry.Update(current => current.WithRules(current.Rules.Where(r => r.Id != rule.Id).Append(rule)));
            return Audit("rule", rule.Id, actor, old is null ? null : RuleDefinitionMapper.ToDefinition(old), RuleDefinitionMapper.ToDefinition(rule));
        }
    }

    // Under the lock.
    private EditOutcome DeleteWorks(
        string entity, string id, string actor, object old, Func<string, bool> delete, Func<WorksRegistry, WorksRegistry> without)
    {
        if (!delete(id))
        {
            return EditOutcome.NotFound;
        }

        works.Update(without);
        return Audit(entity, id, actor, old, null);
    }

    // Permits (the bureau's), maintenance windows (maintenance staff's) and drills (the bureau's) keep apart ids, so
    // that no role can overwrite or delete another's entries by naming their id.
    private bool IdOfAnotherKind(string id, string kind) => works.Current.KindOf(id) is { } held && held != kind;

    private Rule? FindRule(string id) => registry.Current.Rules.FirstOrDefault(r => r.Id == id);

    // Under the lock: the audit entry of a change already saved and swapped in.
    private EditOutcome Audit(string entity, string id, string actor, object? before, object? after, string? action = null)
    {
        var record = AuditEntryOf(entity, id, actor, before, after, action);
        audit.Record(record.Entity, record.EntityId, record.Action, record.Actor, record.At, record.Before, record.After);
        logger.Changed(entity, id, record.Action, actor);
        return record.Action switch
        {
            "created" => EditOutcome.Created,
            "deleted" => EditOutcome.Deleted,
            _ => EditOutcome.Replaced,
        };
    }

    private AuditRecord AuditEntryOf(string entity, string id, string actor, object? before, object? after, string? action) =>
        new(entity, id, action ?? (before is null ? "created" : after is null ? "deleted" : "replaced"), actor, time.GetUtcNow(),
            before is null ? null : JsonSerializer.Serialize(before, EntryJson), after is null ? null : JsonSerializer.Serialize(after, EntryJson));
}
