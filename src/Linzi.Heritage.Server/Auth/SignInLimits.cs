using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// ASP.NET Core rate limiting on the token endpoint, per client address (<c>app.UseRateLimiter()</c> applies it), and
/// the one shape of every refusal: 429 <c>application/problem+json</c> with <c>Retry-After</c> in seconds.
/// </summary>
public static class SignInLimits
{
    /// <summary>The rate-limiter policy of <c>POST /api/auth/token</c>.</summary>
    public const string Policy = "sign-in";

    /// <summary>The title of a refusal for too many attempts (per address or per username).</summary>
    public const string TooManyTitle = "Too many sign-in attempts";

    /// <summary>The title of a refusal while the username is locked.</summary>
    public const string LockedTitle = "Sign-in locked";

    /// <summary>Adds the options, the per-username guard and the per-address policy.</summary>
    public static IServiceCollection AddSignInLimits(this IServiceCollection services)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInGuard>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy<string, AddressPolicy>(Policy);
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? after
                    : http.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.Window;
                var address = AddressOf(http);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInLimits)).SignInThrottled("address", address, address);
                http.Response.Headers.RetryAfter = Seconds(retryAfter);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = TooManyTitle, Detail = TooManyDetail(retryAfter) },
                });
            };
        });
        return services;
    }

    /// <summary>
    /// The client's address as the limits see it: IPv4 whole, IPv6 by its /64 (one subscriber's network, whose
    /// 2^64 addresses would otherwise each get a fresh allowance). Without one (in-process clients) <c>local</c>.
    /// </summary>
    public static string AddressOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "local";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>A 429 refusal with <c>Retry-After</c>.</summary>
    public static ProblemHttpResult Refuse(HttpContext http, TimeSpan retryAfter, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = Seconds(retryAfter);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: title);
    }

    /// <summary>The detail of a too-many refusal.</summary>
    public static string TooManyDetail(TimeSpan retryAfter) =>
        $"Too many sign-in attempts. Try again in {Seconds(retryAfter)} s.";

    // Whole seconds, rounded up: a client that waits exactly this long is let in.
    private static string Seconds(TimeSpan span) =>
        Math.Max(1, (long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The per-address limit: a fixed window per client address on the app's clock.</summary>
    private sealed class AddressPolicy(IOptions<SignInOptions> options, TimeProvider time) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null; // the shared one above

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.Get(AddressOf(httpContext), _ => new ClockedWindowLimiter(options.Value.PermitsPerAddress, options.Value.Window, time));
    }
}
