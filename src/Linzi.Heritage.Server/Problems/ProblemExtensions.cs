using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Linzi.Heritage.Server.Problems;

/// <summary>
/// Every error answer is <c>application/problem+json</c>. A body that is not valid JSON (or has a value of the wrong
/// type) becomes a 400 whose <c>errors</c> name the field, instead of the framework's empty 400 or a 500.
/// </summary>
public static class ProblemExtensions
{
    /// <summary>Registers problem details and the bad-request mapping.</summary>
    public static IHostApplicationBuilder AddHeritageProblems(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Throwing (rather than a silent 400) lets the exception handler below write a body that says what is wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Status = bad.StatusCode;
                context.ProblemDetails.Title = "The request is not valid.";
                context.ProblemDetails.Detail = bad.InnerException?.Message ?? bad.Message;
                context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]>
                {
                    [FieldOf(bad)] = [bad.InnerException?.Message ?? bad.Message],
                };
            }
        });
        return builder;
    }

    /// <summary>Uses the exception handler with the status code a bad request carries.</summary>
    public static IApplicationBuilder UseHeritageProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }

    // System.Text.Json reports the JSON path ($.lat) of a wrong value; otherwise the whole body is at fault.
    private static string FieldOf(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } ? path.TrimStart('$', '.') : "body";
}
