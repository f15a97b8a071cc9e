namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Until a password someone else set (first admin, new account, reset) is changed, its token opens nothing but the
/// password change: every other request, API, hub and whatever is added later, answers 403 with a problem that says
/// what to do (the token, refresh and sign-out endpoints stay open too). A middleware rather than a policy on each endpoint, so no endpoint can forget it; it runs after
/// authentication, so a stale token still gets its 401.
/// </summary>
public static class PasswordChangeGate
{
    /// <summary>Where the password is changed.</summary>
    public const string PasswordPath = "/api/auth/password";

    /// <summary>Answers 403 to a must-change token anywhere but the token and password endpoints.</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!AccountClaims.MustChange(http.User) || IsAllowed(http.Request))
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Password change required",
                Detail = $"This account's password was set by someone else. Change it first: POST {PasswordPath} {{\"currentPassword\",\"newPassword\"}}, then sign in again.",
            },
        });
    });

    // Signing in, changing the password, and keeping or ending the session meanwhile.
    private static bool IsAllowed(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path.Equals(PasswordPath, StringComparison.OrdinalIgnoreCase) ||
                                               request.Path.Equals("/api/auth/token", StringComparison.OrdinalIgnoreCase) ||
                                               request.Path.Equals(AuthEndpoints.RefreshPath, StringComparison.OrdinalIgnoreCase) ||
                                               request.Path.Equals(AuthEndpoints.SignOutPath, StringComparison.OrdinalIgnoreCase));
}
