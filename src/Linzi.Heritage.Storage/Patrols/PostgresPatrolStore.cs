using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Patrols;

/// <summary>Patrols and duties in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresPatrolStore(PostgresDatabase database) : RelationalPatrolStore
{
    /// <summary>Migration 16: one running patrol per inspector (<see cref="RelationalPatrolStore.OneRunningSchema"/>).</summary>
    public static string OneRunningMigration { get; } = OneRunningSchema("""
        jsonb_set(p.body::jsonb, '{EndedAt}', to_jsonb(to_char(
            (timestamptz 'epoch' + n.started_ms * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text
        """);

    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
