using System.Data.Common;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>
/// Users and their password hashes, in SQL that SQLite and PostgreSQL both run; the engines
/// (<see cref="SqliteUserStore"/>, <see cref="PostgresUserStore"/>) open connections and own the schema. Thread-safe
/// (a connection per call).
/// </summary>
/// <remarks>
/// Schema: <c>users(username PRIMARY KEY, display_name, role, password_hash, phone NULL, disabled,
/// must_change_password, security_stamp, created_at NULL)</c>, the flags boolean (0/1 in SQLite) and
/// <c>created_at</c> in Unix milliseconds.
/// </remarks>
public abstract class RelationalUserStore : IUserStore
{
    private const string Columns = "username, display_name, role, password_hash, phone, disabled, must_change_password, security_stamp, created_at";

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>True when <paramref name="error"/> is the engine's primary-key violation.</summary>
    protected abstract bool IsDuplicateKey(DbException error);

    /// <summary>Finds a user by name.</summary>
    public User? Find(string username)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, $"SELECT {Columns} FROM users WHERE username = @p0", username);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Every user, ordered by username.</summary>
    public IReadOnlyList<User> List()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, $"SELECT {Columns} FROM users ORDER BY username");
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
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        try
        {
            foreach (var user in users)
            {
                using var command = Insert(connection, user, onConflict: string.Empty);
                command.ExecuteNonQuery();
            }
        }
        catch (DbException ex) when (IsDuplicateKey(ex))
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
        using var connection = Open();
        using var command = Sql.Command(
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
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var user in users)
        {
            using var command = Insert(connection, user, onConflict: " ON CONFLICT(username) DO NOTHING");
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static DbCommand Insert(DbConnection connection, User user, string onConflict) =>
        Sql.Command(
            connection,
            $"INSERT INTO users({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8){onConflict}",
            user.Username, user.DisplayName, user.Role, user.PasswordHash, user.Phone, user.Disabled, user.MustChangePassword,
            user.SecurityStamp, user.CreatedAt?.ToUnixTimeMilliseconds());

    private static User Read(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
    {
        Phone = reader.IsDBNull(4) ? null : reader.GetString(4),
        Disabled = reader.GetBoolean(5),
        MustChangePassword = reader.GetBoolean(6),
        SecurityStamp = reader.GetString(7),
        CreatedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
    };
}
