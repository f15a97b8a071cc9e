using System.Data.Common;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>
/// Sign-in sessions and the hashes of their refresh tokens, in SQL that SQLite and PostgreSQL both run; the engines
/// (<see cref="SqliteSessionStore"/>, <see cref="PostgresSessionStore"/>) open connections and own the schema.
/// Thread-safe (a connection per call).
/// </summary>
/// <remarks>
/// Schema: <c>auth_sessions(id PRIMARY KEY, username, stamp, created_at, expires_at, ended_at NULL)</c> in Unix
/// milliseconds, and <c>auth_refresh_tokens(hash PRIMARY KEY, session_id REFERENCES auth_sessions ON DELETE CASCADE,
/// spent_at NULL)</c>.
/// </remarks>
public abstract class RelationalSessionStore : ISessionStore
{
    private const string Columns = "s.id, s.username, s.stamp, s.created_at, s.expires_at, s.ended_at";

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>
    /// What a refresh's read of its token appends so that two refreshes with one token take turns: SQLite's
    /// transactions already take the write lock at their start (nothing to add); PostgreSQL locks the token's row.
    /// </summary>
    protected abstract string LockTokenRow { get; }

    /// <inheritdoc />
    public void Add(AuthSession session, string refreshHash)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var insert = Sql.Command(
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
        using var connection = Open();
        return Read(connection, $"SELECT {Columns} FROM auth_sessions s WHERE s.id = @p0", id);
    }

    /// <inheritdoc />
    public AuthSession? FindByRefresh(string refreshHash)
    {
        using var connection = Open();
        return Read(connection, $"SELECT {Columns} FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE t.hash = @p0", refreshHash);
    }

    /// <inheritdoc />
    public (RefreshOutcome Outcome, AuthSession? Session) Rotate(string presentedHash, string nextHash, DateTimeOffset now)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(); // Two refreshes with one token take turns here (LockTokenRow).
        AuthSession? session;
        bool spent;
        using (var find = Sql.Command(
                   connection,
                   $"SELECT {Columns}, t.spent_at IS NOT NULL FROM auth_refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE t.hash = @p0{LockTokenRow}",
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

        using (var spend = Sql.Command(connection, "UPDATE auth_refresh_tokens SET spent_at = @p1 WHERE hash = @p0", presentedHash, now.ToUnixTimeMilliseconds()))
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
        using var connection = Open();
        return EndSession(connection, id, at);
    }

    /// <inheritdoc />
    public int Purge(DateTimeOffset before)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "DELETE FROM auth_sessions WHERE expires_at < @p0 OR ended_at < @p0", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private static bool EndSession(DbConnection connection, string id, DateTimeOffset at)
    {
        using var command = Sql.Command(connection, "UPDATE auth_sessions SET ended_at = @p1 WHERE id = @p0 AND ended_at IS NULL", id, at.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() > 0;
    }

    private static void AddToken(DbConnection connection, string hash, string sessionId)
    {
        using var command = Sql.Command(connection, "INSERT INTO auth_refresh_tokens(hash, session_id, spent_at) VALUES (@p0, @p1, NULL)", hash, sessionId);
        command.ExecuteNonQuery();
    }

    private static AuthSession? Read(DbConnection connection, string sql, string value)
    {
        using var command = Sql.Command(connection, sql, value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static AuthSession Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
    {
        EndedAt = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
    };
}
