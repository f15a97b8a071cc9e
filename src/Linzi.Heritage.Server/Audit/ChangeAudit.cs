using System.Text.Json;
using Linzi.Heritage.Domain.Audit;

namespace Linzi.Heritage.Server.Audit;

/// <summary>Records a change to a rule, permit or maintenance window: who, when, the old and the new version.</summary>
public sealed class ChangeAudit(IAuditLog log, TimeProvider time, ILogger<ChangeAudit> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the entry and logs it.</summary>
    /// <param name="entity"><c>rule</c>, <c>permit</c> or <c>maintenance</c>.</param>
    /// <param name="id">The entity's id.</param>
    /// <param name="action"><c>created</c>, <c>replaced</c> or <c>deleted</c>.</param>
    /// <param name="user">Who.</param>
    /// <param name="before">The old version, or null for a create.</param>
    /// <param name="after">The new version, or null for a delete.</param>
    public void Record(string entity, string id, string action, HttpContext user, object? before, object? after)
    {
        ArgumentNullException.ThrowIfNull(user);
        var actor = user.User.Identity?.Name ?? "?";
        log.Record(entity, id, action, actor, time.GetUtcNow(),
            before is null ? null : JsonSerializer.Serialize(before, Json), after is null ? null : JsonSerializer.Serialize(after, Json));
        logger.Changed(entity, id, action, actor);
    }
}
