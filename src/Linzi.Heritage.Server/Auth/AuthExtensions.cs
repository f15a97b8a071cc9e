using Linzi.Heritage.Server.Metrics;
using Microsoft.AspNetCore.Authorization;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Linzi.Heritage.Server.Auth;

/// <summary>JWT bearer authentication, the role policies and the token endpoint.</summary>
public static class AuthExtensions
{
    /// <summary>Adds authentication and authorization.</summary>
    public static IHostApplicationBuilder AddHeritageAuth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AuthOptions>, SharedSigningKeyValidator>();
        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<SessionValidator>();
        builder.Services.AddSingleton<SignInSessions>();
        builder.Services.AddSignInLimits();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<AuthOptions>, TimeProvider>((jwt, keys, auth, time) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TimeProvider = time;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Issuer,
                    IssuerSigningKey = keys.Key,
                    NameClaimType = "name",
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),

                    // IdentityModel reads the wall clock itself; check lifetimes against our TimeProvider instead, so
                    // tokens follow the same clock as everything else (and tests can fake it). A delegate replaces
                    // all of IdentityModel's lifetime checks, RequireExpirationTime included: a token without exp
                    // would live for ever, so it is refused here.
                    RequireExpirationTime = true,
                    LifetimeValidator = (notBefore, expires, _, parameters) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return expires is not null &&
                               (notBefore is null || notBefore.Value <= now + parameters.ClockSkew) &&
                               expires.Value > now - parameters.ClockSkew;
                    },
                };
                jwt.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSockets or EventSource, so SignalR sends the token in the query.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubPaths.Monitor))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },

                    // A signature proves who issued the token, not that its account still stands: a disabled account,
                    // a changed password or role ends every token issued before, at once (docs/contract.md).
                    OnTokenValidated = context =>
                    {
                        if (!context.HttpContext.RequestServices.GetRequiredService<SessionValidator>().IsCurrent(context.Principal!))
                        {
                            context.Fail("The account is disabled, its password or role changed since this token was issued, or its session ended. Sign in again.");
                            return Task.CompletedTask;
                        }

                        // SignalR closes a hub connection when its authentication expires (CloseOnAuthenticationExpiration
                        // on the hub), comparing the ticket's ExpiresUtc with the real clock (its heartbeat reads
                        // the system clock, not ours). The token's exp is on our clock, which tests fake (a fixed day in
                        // 2026): left as it is, a connection would close at once or years late. So the ticket expires
                        // when the token has as long left on the real clock as it has on ours.
                        var left = new DateTimeOffset(context.SecurityToken.ValidTo, TimeSpan.Zero) - time.GetUtcNow();
                        context.Properties.ExpiresUtc = TimeProvider.System.GetUtcNow() + left;

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            // An endpoint that names no policy still needs a signed-in user: a new endpoint is never open by mistake.
            // The few anonymous ones (sign-in, health, the pages, the API description) say AllowAnonymous.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddMetricsPolicy(builder.Configuration)
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Bureau, p => p.RequireRole(Roles.Bureau))
            .AddPolicy(Policies.Provisioning, p => p.RequireRole(Roles.Bureau, Roles.Maintenance))
            .AddPolicy(Policies.Inspector, p => p.RequireRole(Roles.Inspector))
            .AddPolicy(Policies.Supervision, p => p.RequireRole(Roles.Bureau, Roles.Chief, Roles.Inspector))
            .AddPolicy(Policies.Chiefs, p => p.RequireRole(Roles.Bureau, Roles.Chief));
        return builder;
    }
}
