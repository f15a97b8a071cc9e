using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Auth;

/// <summary><c>POST /api/auth/token</c>: username and password in, bearer token out.</summary>
public static class AuthEndpoints
{
    /// <summary>Maps the token endpoint (anonymous).</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueToken).AllowAnonymous();
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
        if (user is null || !PasswordHashing.Verify(user.PasswordHash, request.Password!))
        {
            return TypedResults.Unauthorized();
        }

        var (token, expiresIn) = tokens.Issue(user);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn, user.Role));
    }
}
