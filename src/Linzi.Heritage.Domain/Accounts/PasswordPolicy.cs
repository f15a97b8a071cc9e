namespace Linzi.Heritage.Domain.Accounts;

/// <summary>
/// What a password chosen by a person must be: at least <see cref="MinimumLength"/> characters, not one of the
/// passwords every guessing list starts with, not containing the username, and not the current password again.
/// Length over composition rules, as NIST SP 800-63B recommends. Pure and thread-safe.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinimumLength = 10;

    /// <summary>Why the password is refused; empty when it is acceptable.</summary>
    /// <param name="password">The new password.</param>
    /// <param name="username">Whose password it is.</param>
    /// <param name="currentPassword">The password it replaces, when known.</param>
    public static IReadOnlyList<string> Check(string? password, string username, string? currentPassword = null)
    {
        ArgumentNullException.ThrowIfNull(username);
        if (string.IsNullOrEmpty(password))
        {
            return ["Required."];
        }

        var problems = new List<string>();
        if (password.Length < MinimumLength)
        {
            problems.Add($"At least {MinimumLength} characters.");
        }

        if (CommonPasswords.Contains(password))
        {
            problems.Add("Too common: it is among the first passwords anyone guesses.");
        }

        if (username.Length > 0 && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Must not contain the username.");
        }

        if (currentPassword is not null && password == currentPassword)
        {
            problems.Add("Must differ from the current password.");
        }

        return problems;
    }
}
