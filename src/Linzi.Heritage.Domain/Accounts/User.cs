namespace Linzi.Heritage.Domain.Accounts;

/// <summary>
/// A person who signs in. The password hash is opaque to the domain. Immutable.
/// </summary>
/// <remarks>
/// The fields beyond the first four came with administration; accounts stored before it read as enabled, with no
/// phone, no forced change, an empty stamp and no creation time.
/// </remarks>
public sealed record User(string Username, string DisplayName, string Role, string PasswordHash)
{
    /// <summary>A mainland mobile number or an E.164 number, or null.</summary>
    public string? Phone { get; init; }

    /// <summary>A disabled account cannot sign in, and its existing tokens and hub connections stop working.</summary>
    public bool Disabled { get; init; }

    /// <summary>The password was set by someone else (first admin, new account, reset) and must be changed first.</summary>
    public bool MustChangePassword { get; init; }

    /// <summary>
    /// Changes whenever existing sign-ins must end (password changed or reset, role changed, disabled). Tokens carry
    /// the stamp they were issued with and stop working when it no longer matches.
    /// </summary>
    public string SecurityStamp { get; init; } = string.Empty;

    /// <summary>When the account was created, or null for accounts older than this field.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
