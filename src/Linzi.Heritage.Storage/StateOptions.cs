using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Storage;

/// <summary>
/// Where the state every instance must agree on lives: the registry, users and sessions, permits, alerts, the outbox,
/// the audit log and the leases. Section <c>State</c>. The journal, the rejected payloads and the embedded time
/// series stay in each instance's own data directory either way.
/// </summary>
public sealed class StateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "State";

    /// <summary>The embedded SQLite state file in the data directory: one instance (the default).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL at <c>ConnectionStrings:Heritage</c>, shared by every instance.</summary>
    public const string Postgres = "Postgres";

    /// <summary>The connection string's name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Heritage";

    /// <summary><see cref="Sqlite"/> or <see cref="Postgres"/>.</summary>
    [AllowedValues(Sqlite, Postgres)]
    public string Provider { get; init; } = Sqlite;
}
