using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Server.Registry;

/// <summary>Why an edit was refused: a status (400 or 409), a title, and the problems by field. Nothing was changed.</summary>
public sealed record RegistryRefusal(int StatusCode, string Title, IDictionary<string, string[]> Errors)
{
    /// <summary>A 400 naming the fields.</summary>
    public static RegistryRefusal Invalid(IDictionary<string, string[]> errors) => new(StatusCodes.Status400BadRequest, "Invalid request", errors);

    /// <summary>A 409 about one field.</summary>
    public static RegistryRefusal Conflict(string field, string message) =>
        new(StatusCodes.Status409Conflict, "Conflict", new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The refusal as a problem response.</summary>
    public IResult ToResult() => StatusCode == StatusCodes.Status400BadRequest
        ? TypedResults.ValidationProblem(Errors, title: Title)
        : TypedResults.Problem(string.Join(" ", Errors.SelectMany(e => e.Value)), statusCode: StatusCode, title: Title, extensions: new Dictionary<string, object?> { ["errors"] = Errors });
}

/// <summary>What an edit plans to do against the registry as it stands: a change, or a refusal.</summary>
public sealed record RegistryPlan(RegistryChange? Change, RegistryRefusal? Refusal)
{
    /// <summary>A plan to make this change.</summary>
    public static implicit operator RegistryPlan(RegistryChange change) => new(change, null);

    /// <summary>A plan that refuses.</summary>
    public static implicit operator RegistryPlan(RegistryRefusal refusal) => new(null, refusal);
}

/// <summary>The ids an edit adds, changes and removes of one kind of entry.</summary>
public sealed record EntityDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)
{
    /// <summary>No difference.</summary>
    public static EntityDiff None { get; } = new([], [], []);

    /// <summary>What differs between two lists of entries, entries compared by their JSON form.</summary>
    public static EntityDiff Between<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> id, Func<T, string> form)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(form);
        var old = before.ToDictionary(id, StringComparer.Ordinal);
        var now = after.ToDictionary(id, StringComparer.Ordinal);
        return new EntityDiff(
            [.. now.Keys.Where(k => !old.ContainsKey(k)).Order(StringComparer.Ordinal)],
            [.. now.Where(p => old.TryGetValue(p.Key, out var o) && form(o) != form(p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal)],
            [.. old.Keys.Where(k => !now.ContainsKey(k)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>True when nothing differs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Added.Count + Changed.Count + Removed.Count == 0;
}

/// <summary>What an edit does (or, in a dry run, would do) to each kind of entry, and how many devices change zone or cell.</summary>
public sealed record RegistryDiff(EntityDiff Sites, EntityDiff Zones, EntityDiff Cells, EntityDiff Devices, EntityDiff Rules, int DevicesMoved);

/// <summary>The outcome of an edit: its diff and the registry after it, or the refusal.</summary>
public sealed record RegistryEdit(RegistryDiff? Diff, RegistrySnapshot After, RegistryRefusal? Refusal);
