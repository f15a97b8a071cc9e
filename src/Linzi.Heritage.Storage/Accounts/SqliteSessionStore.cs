using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>The sign-in sessions in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqliteSessionStore : RelationalSessionStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed (added with refresh tokens, issue 15).</summary>
    public SqliteSessionStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS auth_sessions(
                id TEXT PRIMARY KEY, username TEXT NOT NULL, stamp TEXT NOT NULL,
                created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, ended_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS auth_sessions_expiry ON auth_sessions(expires_at);
            CREATE TABLE IF NOT EXISTS auth_refresh_tokens(
                hash TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
                spent_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS auth_refresh_tokens_session ON auth_refresh_tokens(session_id);
            """);
    }

    // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken before the token is read.
    /// <inheritdoc />
    protected override string LockTokenRow => string.Empty;

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();
}
