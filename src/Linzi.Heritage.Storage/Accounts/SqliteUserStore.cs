using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>Users and their password hashes. Thread-safe (a connection per call).</summary>
public sealed class SqliteUserStore : IUserStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteUserStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS users(
                username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL);
            """);
    }

    /// <summary>Finds a user by name.</summary>
    public User? Find(string username)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "SELECT username, display_name, role, password_hash FROM users WHERE username = @p0", username);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new User(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>Adds users that do not exist yet, in one transaction; existing ones are left alone.</summary>
    public void AddMissing(IEnumerable<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var user in users)
        {
            using var command = SqliteDatabase.Command(
                connection,
                "INSERT INTO users(username, display_name, role, password_hash) VALUES (@p0, @p1, @p2, @p3) ON CONFLICT(username) DO NOTHING",
                user.Username, user.DisplayName, user.Role, user.PasswordHash);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
