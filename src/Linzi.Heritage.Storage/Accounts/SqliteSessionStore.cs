using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>Sign-in sessions and the hashes of their refresh tokens. Thread-safe (a connection per call).</summary>
public sealed class SqliteSessionStore : ISessionStore
{
    private const string Columns = "s.id, s.username, s.stamp, s.created_at, s.expires_at, s.ended_at";

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

    /// <inheritdoc />
    public void Add(AuthSession session, string refreshHash)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var insert = SqliteDatabase.Command(
                   connection,
                   "INSERT INTO auth_sessions(id, username, stamp, created_at, expires_at, ended_at) VALUES (@p0, @p1, @p2, @p3, @p4, NULL)",
                   session.Id, session.Username, session.Stamp, session.CreatedAt.ToUnixTimeMilliseconds(), session.ExpiresAt.ToUnixTimeMilliseconds()))
        {
            insert.ExecuteNonQuery();
        }

        AddToken(connection, refreshHash, session.Id);
        transaction.Commit();
    }

    /// <inheritdoc />
    public AuthSession? Find(string id)
    {
        using var connection = _database.Open();
        return Read(connection, $"SELECT {Columns} FROM auth_sessions s WHERE s.id = @p0", id);
    }

    /// <inheritdoc />
    public AuthSession? FindByRefresh(string refreshHash)
    {
        using var connection = _database.Open();
        return Read(connection, $"SELECT {Columns} FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE t.hash = @p0", refreshHash);
    }

    /// <inheritdoc />
    public (RefreshOutcome Outcome, AuthSession? Session) Rotate(string presentedHash, string nextHash, DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(); // IMMEDIATE: two refreshes with one token serialise here
        AuthSession? session;
        bool spent;
        using (var find = SqliteDatabase.Command(
                   connection,
                   $"SELECT {Columns}, t.spent_at IS NOT NULL FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE t.hash = @p0",
                   presentedHash))
        using (var reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return (RefreshOutcome.Unknown, null);
            }

            session = Read(reader);
            spent = reader.GetBoolean(6);
        }

        if (!session.IsActive(now))
        {
            return (RefreshOutcome.Ended, session);
        }

        if (spent)
        {
            EndSession(connection, session.Id, now);
            transaction.Commit();
            return (RefreshOutcome.Reused, session with { EndedAt = now });
        }

        using (var spend = SqliteDatabase.Command(connection, "UPDATE auth_refresh_tokens SET spent_at = @p1 WHERE hash = @p0", presentedHash, now.ToUnixTimeMilliseconds()))
        {
            spend.ExecuteNonQuery();
        }

        AddToken(connection, nextHash, session.Id);
        transaction.Commit();
        return (RefreshOutcome.Rotated, session);
    }

    /// <inheritdoc />
    public bool End(string id, DateTimeOffset at)
    {
        using var connection = _database.Open();
        return EndSession(connection, id, at);
    }

    /// <inheritdoc />
    public int Purge(DateTimeOffset before)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "DELETE FROM auth_sessions WHERE expires_at < @p0 OR ended_at < @p0", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private static bool EndSession(SqliteConnection connection, string id, DateTimeOffset at)
    {
        using var command = SqliteDatabase.Command(connection, "UPDATE auth_sessions SET ended_at = @p1 WHERE id = @p0 AND ended_at IS NULL", id, at.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() > 0;
    }

    private static void AddToken(SqliteConnection connection, string hash, string sessionId)
    {
        using var command = SqliteDatabase.Command(connection, "INSERT INTO auth_refresh_tokens(hash, session_id, spent_at) VALUES (@p0, @p1, NULL)", hash, sessionId);
        command.ExecuteNonQuery();
    }

    private static AuthSession? Read(SqliteConnection connection, string sql, string value)
    {
        using var command = SqliteDatabase.Command(connection, sql, value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static AuthSession Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
    {
        EndedAt = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
    };
}
