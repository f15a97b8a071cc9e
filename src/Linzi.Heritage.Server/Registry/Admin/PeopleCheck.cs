using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Registry.Admin;

/// <summary>Checks that the people named on the map exist and hold the role their place asks for.</summary>
internal static class PeopleCheck
{
    /// <summary>Adds an error unless <paramref name="username"/> is empty or an account with <paramref name="role"/>.</summary>
    public static void Require(IUserStore users, string? username, string role, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(username))
        {
            return;
        }

        var user = users.Find(username);
        if (user is null)
        {
            errors.Add(field, $"No user '{username}'.");
        }
        else if (user.Role != role)
        {
            errors.Add(field, $"'{username}' is a {user.Role}, not a{(role == Roles.Inspector ? "n" : "")} {role}.");
        }
    }

    /// <summary>Adds an error unless <paramref name="username"/> is empty or an account of any role.</summary>
    public static void Exists(IUserStore users, string? username, string field, ValidationErrors errors)
    {
        if (!string.IsNullOrEmpty(username) && users.Find(username) is null)
        {
            errors.Add(field, $"No user '{username}'.");
        }
    }

    /// <summary>Checks an inspector and a chief chain.</summary>
    public static void Chain(IUserStore users, string? inspector, IReadOnlyList<string> chiefs, string path, ValidationErrors errors)
    {
        Require(users, inspector, Roles.Inspector, Prefix(path) + "inspector", errors);
        for (var i = 0; i < chiefs.Count; i++)
        {
            Require(users, chiefs[i], Roles.Chief, $"{Prefix(path)}chiefs[{i}]", errors);
        }
    }

    private static string Prefix(string path) => path.Length == 0 ? "" : path + ".";
}
