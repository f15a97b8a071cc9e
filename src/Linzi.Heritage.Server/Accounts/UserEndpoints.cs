using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// <c>/api/users</c> (bureau): list, read, create, change, reset a password, import a CSV. Temporary passwords are
/// in the answer once and never stored in clear; every change goes through the <see cref="AccountEditor"/>.
/// </summary>
public static class UserEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").RequireAuthorization(Policies.Bureau);
        api.MapGet("/", (IUserStore users) => TypedResults.Ok(users.List().Select(u => u.AsDto())));
        api.MapGet("/{username}", Results<Ok<UserDto>, NotFound> (string username, IUserStore users) =>
            users.Find(username) is { } user ? TypedResults.Ok(user.AsDto()) : TypedResults.NotFound());
        api.MapPost("/", Create);
        api.MapPut("/{username}", Update);
        api.MapPost("/{username}/reset-password", ResetPassword);
        api.MapPost("/import", UserImportEndpoint.ImportAsync);
        return app;
    }

    private static Results<Created<CreatedUserDto>, ValidationProblem, ProblemHttpResult> Create(
        CreateUserRequest? request, AccountEditor accounts, HttpContext http)
    {
        var account = new NewAccount(request?.Username, request?.DisplayName, request?.Role, request?.Phone);
        if (account.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = accounts.Create(account, Actor(http));
        return result.Outcome == AccountOutcome.Done
            ? TypedResults.Created($"/api/users/{account.Username}", new CreatedUserDto(account.Username!, result.TemporaryPassword!))
            : TypedResults.Problem($"The username '{account.Username}' is taken.", statusCode: StatusCodes.Status409Conflict, title: "User exists");
    }

    private static Results<Ok<UserDto>, ValidationProblem, NotFound, ProblemHttpResult> Update(
        string username, UpdateUserRequest? request, AccountEditor accounts, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["Required: {\"displayName\",\"role\",\"phone\",\"disabled\"} (each optional)."];
        }

        if (request?.DisplayName is not null && !AccountRules.IsValidDisplayName(request.DisplayName))
        {
            errors["displayName"] = [$"Visible text of at most {AccountRules.DisplayNameMaxLength} characters, without control characters."];
        }

        if (request?.Role is not null && !AccountRules.IsValidRole(request.Role))
        {
            errors["role"] = ["One of " + string.Join(", ", Roles.All) + "."];
        }

        if (request?.Phone is { Length: > 0 } phone && !AccountRules.IsValidPhone(phone))
        {
            errors["phone"] = [NewAccount.PhoneRule + " An empty phone clears it."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = accounts.Update(username, request!.DisplayName, request.Role, request.Phone, request.Disabled, Actor(http));
        return result.Outcome switch
        {
            AccountOutcome.Done => TypedResults.Ok(result.User!.AsDto()),
            AccountOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem(
                $"'{username}' is the last enabled bureau account; enable or create another bureau account first.",
                statusCode: StatusCodes.Status409Conflict, title: "Last bureau account"),
        };
    }

    private static Results<Ok<TemporaryPasswordDto>, NotFound> ResetPassword(string username, AccountEditor accounts, HttpContext http)
    {
        var result = accounts.ResetPassword(username, Actor(http));
        return result.Outcome == AccountOutcome.Done ? TypedResults.Ok(new TemporaryPasswordDto(result.TemporaryPassword!)) : TypedResults.NotFound();
    }

    /// <summary>Who is acting: the signed-in username.</summary>
    internal static string Actor(HttpContext http) => http.User.Identity?.Name ?? "?";
}
