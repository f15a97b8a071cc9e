using System.Data.Common;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Integrity;

/// <summary>
/// Which scheme each chain of the state database was written with (<c>integrity_meta</c>): a row per chain, written
/// once when the chain is first keyed, so a migration runs exactly once.
/// </summary>
internal static class IntegrityMeta
{
    public const string Schema = "CREATE TABLE IF NOT EXISTS integrity_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL, at_ms INTEGER NOT NULL);";

    /// <summary>The scheme name stored for a key.</summary>
    public static string Scheme(IntegrityKey key) => "hmac-sha256:" + key.Id;

    public static string? Get(DbConnection connection, string name)
    {
        using var command = Sql.Command(connection, "SELECT value FROM integrity_meta WHERE name = @p0", name);
        return command.ExecuteScalar() as string;
    }

    public static void Set(DbConnection connection, string name, string value, DateTimeOffset at)
    {
        using var command = Sql.Command(
            connection, "INSERT INTO integrity_meta(name, value, at_ms) VALUES (@p0, @p1, @p2) ON CONFLICT(name) DO UPDATE SET value = excluded.value, at_ms = excluded.at_ms", name, value, at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
