using System.Text.RegularExpressions;

namespace Linzi.Heritage.Domain.Accounts;

/// <summary>
/// What an account's fields may hold. Usernames are lower case so that the same person cannot exist twice in two
/// spellings, and short enough for MQTT-style ids and audit lines. Pure and thread-safe.
/// </summary>
public static partial class AccountRules
{
    /// <summary>The longest display name.</summary>
    public const int DisplayNameMaxLength = 64;

    /// <summary>True for a username of 2 to 32 characters: a lower-case letter, then letters, digits, <c>_ . -</c>.</summary>
    public static bool IsValidUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    /// <summary>
    /// True for a mainland mobile number (<c>13912345678</c>) or an E.164 number (<c>+8613912345678</c>; other
    /// countries too, for foreign experts on a project).
    /// </summary>
    public static bool IsValidPhone(string? phone) => phone is not null && (MainlandMobile().IsMatch(phone) || E164().IsMatch(phone));

    /// <summary>True for a role the system knows.</summary>
    public static bool IsValidRole(string? role) => role is not null && Roles.All.Contains(role);

    /// <summary>True for a display name with visible text, at most <see cref="DisplayNameMaxLength"/> characters and no control characters.</summary>
    public static bool IsValidDisplayName(string? displayName) =>
        !string.IsNullOrWhiteSpace(displayName) && displayName.Length <= DisplayNameMaxLength && !displayName.Any(char.IsControl);

    [GeneratedRegex(@"^[a-z][a-z0-9_.-]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex MainlandMobile();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
