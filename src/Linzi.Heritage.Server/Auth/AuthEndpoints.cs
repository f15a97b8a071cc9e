using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// <c>POST /api/auth/token</c>: username and password in, bearer token out. <c>POST /api/auth/password</c>: a
/// signed-in person changes their own password (also, and above all, while a change is required).
/// </summary>
public static class AuthEndpoints
{
    /// <summary>Maps the token endpoint (anonymous) and the password change (signed in).</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueToken).AllowAnonymous();
        app.MapPost(PasswordChangeGate.PasswordPath, ChangePassword).RequireAuthorization(Policies.SignedIn);
        return app;
    }

    private static Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedHttpResult> IssueToken(
        TokenRequest? request, IUserStore users, TokenService tokens)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request?.Username))
        {
            errors["username"] = ["Required."];
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors["password"] = ["Required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = users.Find(request!.Username!);
        if (user is null || user.Disabled || !PasswordHashing.Verify(user.PasswordHash, request.Password!))
        {
            return TypedResults.Unauthorized();
        }

        var (token, expiresIn) = tokens.Issue(user);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn, user.Role, user.MustChangePassword));
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
