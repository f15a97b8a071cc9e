using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>The users in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqliteUserStore : RelationalUserStore
{
    // SQLite's primary-key violation (SQLITE_CONSTRAINT_PRIMARYKEY).
    private const int PrimaryKeyViolation = 1555;

    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed, and upgrades the table of an older data directory in place.</summary>
    public SqliteUserStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS users(
                username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL);
            """);

        // Added with administration (issue 14). Defaults describe the accounts that existed before: enabled, no forced
        // change, an empty stamp (tokens issued before carry none either), unknown creation time.
        _database.EnsureColumn("users", "phone", "TEXT NULL");
        _database.EnsureColumn("users", "disabled", "INTEGER NOT NULL DEFAULT 0");
        _database.EnsureColumn("users", "must_change_password", "INTEGER NOT NULL DEFAULT 0");
        _database.EnsureColumn("users", "security_stamp", "TEXT NOT NULL DEFAULT ''");
        _database.EnsureColumn("users", "created_at", "INTEGER NULL");
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();

    /// <inheritdoc />
    protected override bool IsDuplicateKey(DbException error) => error is SqliteException { SqliteExtendedErrorCode: PrimaryKeyViolation };
}
