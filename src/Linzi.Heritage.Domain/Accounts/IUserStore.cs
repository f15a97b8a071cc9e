namespace Linzi.Heritage.Domain.Accounts;

/// <summary>Port: user accounts. Thread-safe.</summary>
public interface IUserStore
{
    /// <summary>Finds a user by name, or null.</summary>
    User? Find(string username);

    /// <summary>Adds users that do not exist yet, in one transaction; existing ones are left alone.</summary>
    void AddMissing(IEnumerable<User> users);
}
