using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// <c>POST /api/auth/token</c>: username and password in, a session's bearer and refresh tokens out.
/// <c>POST /api/auth/refresh</c>: the next pair for a refresh token. <c>POST /api/auth/signout</c>: the session ends.
/// <c>POST /api/auth/password</c>: a signed-in person changes their own password (also, and above all, while a change
/// is required).
/// </summary>
public static class AuthEndpoints
{
    /// <summary>Maps the token endpoint (anonymous) and the password change (signed in).</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueToken).AllowAnonymous().RequireRateLimiting(SignInLimits.Policy);
        app.MapPost(RefreshPath, Refresh).AllowAnonymous(); // the access token may have expired: that is the point
        app.MapPost(SignOutPath, SignOut).AllowAnonymous(); // by the access token's session, or by the refresh token
        app.MapPost(PasswordChangeGate.PasswordPath, ChangePassword).RequireAuthorization(Policies.SignedIn);
        return app;
    }

    /// <summary>Where a refresh token is exchanged for new tokens.</summary>
    public const string RefreshPath = "/api/auth/refresh";

    /// <summary>Where a session ends.</summary>
    public const string SignOutPath = "/api/auth/signout";

    /// <summary>Longest username looked at; longer is a 400 (real ones have at most 32 characters).</summary>
    public const int MaxUsernameLength = 64;

    // Against guessing (issue 15): the per-address limit runs before this (rate-limiter policy); here the per-username
    // limit, then the lockout, then exactly one password hash is verified, a dummy one for an unknown or disabled
    // username, so that neither the answer nor its timing tells which usernames exist.
    private static Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult> IssueToken(
        TokenRequest? request, HttpContext http, IUserStore users, SignInSessions sessions, SignInGuard guard)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request?.Username))
        {
            errors["username"] = ["Required."];
        }
        else if (request.Username.Length > MaxUsernameLength)
        {
            errors["username"] = [$"At most {MaxUsernameLength} characters."];
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors["password"] = ["Required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (username, password, address) = (request!.Username!, request.Password!, SignInLimits.AddressOf(http));
        if (guard.Throttled(username, address) is { } retry)
        {
            return SignInLimits.Refuse(http, retry, SignInLimits.TooManyTitle, SignInLimits.TooManyDetail(retry));
        }

        if (guard.LockedFor(username, address) is { } locked)
        {
            return SignInLimits.Refuse(http, locked, SignInLimits.LockedTitle,
                "Too many failed sign-ins for this username in a row. It is locked for a while; each further lockout lasts longer.");
        }

        var user = users.Find(username);
        if (!PasswordHashing.Check(user, password))
        {
            guard.Failed(username, address, user is null ? "unknown username" : user.Disabled ? "account disabled" : "wrong password");
            return TypedResults.Unauthorized();
        }

        guard.Succeeded(username, address);
        return TypedResults.Ok(sessions.Start(user!));
    }

    // A new access token and the next refresh token; the one presented is spent (presenting it again ends the session).
    private static Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedHttpResult> Refresh(RefreshRequest? request, SignInSessions sessions)
    {
        if (string.IsNullOrEmpty(request?.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["Required."] });
        }

        return sessions.Refresh(request.RefreshToken) is { } answer ? TypedResults.Ok(answer) : TypedResults.Unauthorized();
    }

    // 204 and the session is over: its refresh token, access tokens and hub connections stop working. The session is
    // the signed-in token's, or, when that has expired already, the refresh token's in the body.
    private static async Task<Results<NoContent, UnauthorizedHttpResult>> SignOut(HttpContext http, SignInSessions sessions)
    {
        if (AccountClaims.Session(http.User) is { } sid && AccountClaims.Username(http.User) is { } username)
        {
            sessions.End(sid, username);
            return TypedResults.NoContent();
        }

        // The body is optional (a signed-in client sends none), so it is read here rather than bound.
        RefreshRequest? body = null;
        try
        {
            body = http.Request.HasJsonContentType() ? await http.Request.ReadFromJsonAsync<RefreshRequest>(http.RequestAborted) : null;
        }
        catch (JsonException)
        {
            // Not a refresh token: nothing to sign out (401 below).
        }

        if (!string.IsNullOrEmpty(body?.RefreshToken) && sessions.SessionOf(body.RefreshToken) is { EndedAt: null } session)
        {
            sessions.End(session.Id, session.Username);
            return TypedResults.NoContent();
        }

        return TypedResults.Unauthorized();
    }

    // 204, and every token of the account (this one too) stops working: the client signs in with the new password.
    private static Results<NoContent, ValidationProblem, UnauthorizedHttpResult> ChangePassword(
        ChangePasswordRequest? request, HttpContext http, AccountEditor accounts)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request?.CurrentPassword))
        {
            errors["currentPassword"] = ["Required."];
        }

        if (string.IsNullOrEmpty(request?.NewPassword))
        {
            errors["newPassword"] = ["Required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = accounts.ChangePassword(AccountClaims.Username(http.User) ?? string.Empty, request!.CurrentPassword!, request.NewPassword!);
        return result.Outcome switch
        {
            AccountOutcome.Done => TypedResults.NoContent(),
            AccountOutcome.WrongPassword => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["currentPassword"] = ["Not the current password."] }),
            AccountOutcome.WeakPassword => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["newPassword"] = [.. result.Problems!] }, title: "The new password is too weak."),
            _ => TypedResults.Unauthorized(),
        };
    }
}
