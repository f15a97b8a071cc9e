using System.Security.Claims;

namespace Linzi.Heritage.Server.Auth;

/// <summary>Claims our tokens carry beside the username and role.</summary>
public static class AccountClaims
{
    /// <summary>The user's security stamp when the token was issued (<see cref="SessionValidator"/>).</summary>
    public const string SecurityStamp = "stamp";

    /// <summary>The sign-in session the token belongs to (<see cref="SignInSessions"/>); signing out ends it.</summary>
    public const string SessionId = "sid";

    /// <summary>"true" when the password must be changed before anything else (<see cref="PasswordChangeGate"/>).</summary>
    public const string MustChangePassword = "must_change_password";

    /// <summary>The username of a signed-in principal, or null.</summary>
    public static string? Username(ClaimsPrincipal user) => user?.FindFirstValue("name");

    /// <summary>The sign-in session of a signed-in principal, or null.</summary>
    public static string? Session(ClaimsPrincipal user) => user?.FindFirstValue(SessionId);

    /// <summary>True when the principal's token was issued for a password that must be changed.</summary>
    public static bool MustChange(ClaimsPrincipal user) => user?.HasClaim(MustChangePassword, "true") == true;
}
