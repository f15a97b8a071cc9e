using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>Users and their password hashes. Thread-safe (a connection per call).</summary>
public sealed class SqliteUserStore : IUserStore
{
    private const string Columns = "username, display_name, role, password_hash, phone, disabled, must_change_password, security_stamp, created_at";

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

    /// <summary>Finds a user by name.</summary>
    public User? Find(string username)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM users WHERE username = @p0", username);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Every user, ordered by username.</summary>
    public IReadOnlyList<User> List()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM users ORDER BY username");
        using var reader = command.ExecuteReader();
        var users = new List<User>();
        while (reader.Read())
        {
            users.Add(Read(reader));
        }

        return users;
    }

    /// <summary>Adds a user; false when the username exists.</summary>
    public bool TryAdd(User user) => TryAddAll([user]);

    /// <summary>Adds all the users in one transaction, or none when any username exists.</summary>
    public bool TryAddAll(IReadOnlyCollection<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        try
        {
            foreach (var user in users)
            {
                using var command = Insert(connection, user, onConflict: string.Empty);
                command.ExecuteNonQuery();
            }
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == PrimaryKeyViolation)
        {
            transaction.Rollback();
            return false;
        }

        transaction.Commit();
        return true;
    }

    /// <summary>Replaces an existing user's fields but its name and creation time.</summary>
    public bool Update(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            """
            UPDATE users SET display_name = @p1, role = @p2, password_hash = @p3, phone = @p4, disabled = @p5,
                must_change_password = @p6, security_stamp = @p7
            WHERE username = @p0
            """,
            user.Username, user.DisplayName, user.Role, user.PasswordHash, user.Phone, user.Disabled, user.MustChangePassword, user.SecurityStamp);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>Adds users that do not exist yet, in one transaction; existing ones are left alone.</summary>
    public void AddMissing(IEnumerable<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var user in users)
        {
            using var command = Insert(connection, user, onConflict: " ON CONFLICT(username) DO NOTHING");
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static SqliteCommand Insert(SqliteConnection connection, User user, string onConflict) =>
        SqliteDatabase.Command(
            connection,
            $"INSERT INTO users({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8){onConflict}",
            user.Username, user.DisplayName, user.Role, user.PasswordHash, user.Phone, user.Disabled, user.MustChangePassword,
            user.SecurityStamp, user.CreatedAt?.ToUnixTimeMilliseconds());

    private static User Read(SqliteDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
    {
        Phone = reader.IsDBNull(4) ? null : reader.GetString(4),
        Disabled = reader.GetBoolean(5),
        MustChangePassword = reader.GetBoolean(6),
        SecurityStamp = reader.GetString(7),
        CreatedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
    };
}
