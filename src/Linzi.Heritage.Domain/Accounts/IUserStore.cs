namespace Linzi.Heritage.Domain.Accounts;

/// <summary>Port: user accounts. Usernames are compared exactly (they are lower case by validation). Thread-safe.</summary>
public interface IUserStore
{
    /// <summary>Finds a user by name, or null.</summary>
    User? Find(string username);

    /// <summary>Every user, ordered by username.</summary>
    IReadOnlyList<User> List();

    /// <summary>Adds a user; false (and nothing changes) when the username exists.</summary>
    bool TryAdd(User user);

    /// <summary>
    /// Adds all the users in one transaction, or none: false (and nothing changes) when any username exists already.
    /// </summary>
    bool TryAddAll(IReadOnlyCollection<User> users);

    /// <summary>Replaces every field of an existing user but its name and creation time; false when there is none.</summary>
    bool Update(User user);

    /// <summary>Adds users that do not exist yet, in one transaction; existing ones are left alone.</summary>
    void AddMissing(IEnumerable<User> users);
}
