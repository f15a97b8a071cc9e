using System.Text;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// <c>POST /api/users/import?dryRun=true|false</c>, body <c>text/csv</c> (UTF-8, a BOM is fine). A dry run (the
/// default, being the safe one) answers the report and creates nothing; a real import creates every row or, when
/// any row is bad, nothing (400 with the same report in the problem).
/// </summary>
public static class UserImportEndpoint
{
    /// <summary>The largest body taken: far more than <see cref="UserImportPlan.MaxRows"/> rows need.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks and, unless a dry run, imports.</summary>
    public static async Task<Results<Ok<UserImportReportDto>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, bool? dryRun, IUserStore users, AccountEditor accounts, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("Send the file as text/csv (UTF-8).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not CSV");
        }

        string csv;
        try
        {
            csv = await ReadAsync(request, http.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Not UTF-8. Save the file as \"CSV UTF-8\"."] });
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
        }

        var plan = UserImportPlan.Check(csv, users);
        var dry = dryRun ?? true;
        if (dry)
        {
            return TypedResults.Ok(plan.Report(true, []));
        }

        if (plan.Errors.Count > 0)
        {
            return Refused(plan);
        }

        var (outcome, created) = accounts.Import(plan.Accounts, UserEndpoints.Actor(http));
        if (outcome != AccountOutcome.Done)
        {
            return TypedResults.Problem("An account of the file was created meanwhile; nothing was imported. Run the dry run again.",
                statusCode: StatusCodes.Status409Conflict, title: "User exists");
        }

        return TypedResults.Ok(plan.Report(false, [.. created.Select(c => new CreatedUserDto(c.User.Username, c.TemporaryPassword))]));
    }

    // The errors keyed "line N: field" as every other 400 of this API names its fields, and the report as it is.
    private static ValidationProblem Refused(UserImportPlan plan) =>
        TypedResults.ValidationProblem(
            plan.Errors.GroupBy(e => $"line {e.Line}: {e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: "Nothing was imported: fix the rows named and send the file again.",
            title: "The file has bad rows.",
            extensions: new Dictionary<string, object?> { ["report"] = plan.Report(false, []) });

    private static async Task<string> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = (await BoundedRead.ReadAllAsync(request.Body, MaxBytes, cancellationToken) ?? throw new InvalidDataException($"At most {MaxBytes / 1024} KiB.")).AsSpan();
        return StrictUtf8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
    }
}
