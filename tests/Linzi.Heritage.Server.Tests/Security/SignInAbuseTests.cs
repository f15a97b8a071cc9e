using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 5: guessing passwords at <c>POST /api/auth/token</c>. Each attacker has one address per test
/// (<see cref="ClientIpFromHeader"/> plays the network, since the in-memory test server has none); limits are the
/// defaults (30 a minute per address, 10 a minute per username, a lockout after 5 failures in a row).
/// </summary>
public sealed class SignInAbuseTests : IDisposable
{
    private const string Password = HeritageApp.DemoPassword;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task BruteForce_LocksTheUsername_RefusingEvenTheRightPassword_UntilTheLockoutPasses_ThenBacksOff()
    {
        await using var app = App();

        for (var guess = 0; guess < 5; guess++)
        {
            using var wrong = await SignInAsync(app, "inspector-03", "guess-" + guess, "198.51.100." + guess);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var locked = await SignInAsync(app, "inspector-03", Password, "198.51.100.10"))
        {
            await AssertRefusedAsync(locked, "Sign-in locked", 60);
        }

        app.Time.Advance(TimeSpan.FromSeconds(59));
        using (var stillLocked = await SignInAsync(app, "inspector-03", Password, "198.51.100.11"))
        {
            await AssertRefusedAsync(stillLocked, "Sign-in locked", 1);
        }

        app.Time.Advance(TimeSpan.FromSeconds(1));
        using (var right = await SignInAsync(app, "inspector-03", Password, "198.51.100.12"))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        // Success forgave the failures: a typo is only a typo. Five more in a row lock again, for 1 minute (the
        // success reset the back-off too).
        for (var guess = 0; guess < 5; guess++)
        {
            using var wrong = await SignInAsync(app, "inspector-03", "again-" + guess, "198.51.100.20");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var lockedAgain = await SignInAsync(app, "inspector-03", Password, "198.51.100.21"))
        {
            await AssertRefusedAsync(lockedAgain, "Sign-in locked", 60);
        }

        // Without a success in between, each further lockout doubles: 2 minutes now.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        for (var guess = 0; guess < 5; guess++)
        {
            using var wrong = await SignInAsync(app, "inspector-03", "more-" + guess, "198.51.100.30");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var doubled = await SignInAsync(app, "inspector-03", Password, "198.51.100.31"))
        {
            await AssertRefusedAsync(doubled, "Sign-in locked", 120);
        }

        // Other accounts are untouched.
        using var other = await SignInAsync(app, "inspector-04", Password, "198.51.100.32");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task BruteForce_FromManyAddresses_HitsThePerUsernameLimit_AndRecoversAfterTheWindow()
    {
        await using var app = App();

        // A botnet: every guess from another address, so no per-address limit is ever near. The lockout stops the
        // guessing after five; the per-username limit then caps even the refused attempts.
        var answers = new List<HttpStatusCode>();
        for (var guess = 0; guess < 12; guess++)
        {
            using var response = await SignInAsync(app, "bureau", guess == 8 ? Password : "guess-" + guess, "203.0.113." + guess);
            answers.Add(response.StatusCode);
            if (guess == 11)
            {
                await AssertRefusedAsync(response, "Too many sign-in attempts", 60);
            }
        }

        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.Equal(7, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.DoesNotContain(HttpStatusCode.OK, answers); // the right password (guess 8) came while locked

        app.Time.Advance(TimeSpan.FromMinutes(1));
        using var recovered = await SignInAsync(app, "bureau", Password, "203.0.113.200");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task PerUsernameLimit_CountsEveryAttempt_EvenRightOnes()
    {
        await using var app = App();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var right = await SignInAsync(app, "inspector-05", Password, "192.0.2." + attempt);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        using (var limited = await SignInAsync(app, "inspector-05", Password, "192.0.2.100"))
        {
            await AssertRefusedAsync(limited, "Too many sign-in attempts", 60);
        }

        using (var otherName = await SignInAsync(app, "inspector-06", Password, "192.0.2.100"))
        {
            Assert.Equal(HttpStatusCode.OK, otherName.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromMinutes(1));
        using var recovered = await SignInAsync(app, "inspector-05", Password, "192.0.2.100");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task PerAddressLimit_StopsSprayingUsernames_OnlyForThatAddress_AndRecovers()
    {
        await using var app = App();

        // Password spraying: one guess for each of many usernames, so neither a lockout nor a per-username limit fires.
        for (var name = 0; name < 30; name++)
        {
            using var wrong = await SignInAsync(app, $"user-{name:00}", "woaini1314", "198.51.100.7");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var limited = await SignInAsync(app, "bureau", Password, "198.51.100.7"))
        {
            await AssertRefusedAsync(limited, "Too many sign-in attempts", 60);
        }

        using (var elsewhere = await SignInAsync(app, "bureau", Password, "198.51.100.8"))
        {
            Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(30));
        using (var stillLimited = await SignInAsync(app, "bureau", Password, "198.51.100.7"))
        {
            await AssertRefusedAsync(stillLimited, "Too many sign-in attempts", 30);
        }

        app.Time.Advance(TimeSpan.FromSeconds(30));
        using var recovered = await SignInAsync(app, "bureau", Password, "198.51.100.7");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task UnknownAndKnownUsernames_GetTheSameAnswer_AndEverySignInIsAudited()
    {
        await using var app = App();

        using var unknown = await SignInAsync(app, "no-such-person", "guess", "192.0.2.1");
        using var wrong = await SignInAsync(app, "chief-linzi", "guess", "192.0.2.1");
        using var right = await SignInAsync(app, "chief-linzi", Password, "192.0.2.1");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await WithoutTraceIdAsync(unknown), await WithoutTraceIdAsync(wrong));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        var audit = app.Services.GetRequiredService<IAuditLog>();
        Assert.Equal(["failed"], audit.Query("sign-in", "no-such-person", 10).Select(e => e.Action));
        Assert.Equal(["signed-in", "failed"], audit.Query("sign-in", "chief-linzi", 10).Select(e => e.Action));
        var entries = audit.Query("sign-in", null, 100);
        Assert.All(entries, e => Assert.DoesNotContain("guess", (e.Before ?? string.Empty) + e.After, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(Password, (e.Before ?? string.Empty) + e.After, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lockout_IsAuditedOnce()
    {
        await using var app = App();
        for (var guess = 0; guess < 7; guess++)
        {
            using var response = await SignInAsync(app, "maintenance", "guess-" + guess, "192.0.2.2");
        }

        var actions = app.Services.GetRequiredService<IAuditLog>().Query("sign-in", "maintenance", 100).Select(e => e.Action).ToList();
        Assert.Equal(5, actions.Count(a => a == "failed"));
        Assert.Equal(1, actions.Count(a => a == "locked"));
    }

    [Fact]
    public async Task OverlongUsername_Is400NamingTheField()
    {
        await using var app = App();

        using var response = await SignInAsync(app, new string('a', 65), Password, "192.0.2.3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public void PasswordCheck_VerifiesTheDummyHash_ForUnknownAndDisabledUsers()
    {
        var verified = new List<string>();
        var user = new User("inspector-07", "Inspector", "inspector", PasswordHashing.Hash(Password));
        bool Record(string hash, string password)
        {
            verified.Add(hash);
            return PasswordHashing.Verify(hash, password);
        }

        Assert.False(PasswordHashing.Check(null, Password, Record));
        Assert.False(PasswordHashing.Check(user with { Disabled = true }, Password, Record));
        Assert.False(PasswordHashing.Check(user, "guess", Record));
        Assert.True(PasswordHashing.Check(user, Password, Record));

        Assert.Equal([PasswordHashing.DummyHash, PasswordHashing.DummyHash, user.PasswordHash, user.PasswordHash], verified);
    }

    [Fact]
    public void DummyHash_CostsWhatARealHashCosts()
    {
        // Identity's v3 format: a version byte, then the PRF, the iteration count and the salt length. The same header
        // means the same PBKDF2 work to verify it, so an unknown username takes as long as a wrong password.
        var dummy = Convert.FromBase64String(PasswordHashing.DummyHash);
        var real = Convert.FromBase64String(PasswordHashing.Hash("some password"));

        Assert.Equal(real[..13], dummy[..13]);
        Assert.Equal(real.Length, dummy.Length);
        Assert.False(PasswordHashing.Verify(PasswordHashing.DummyHash, Password));
    }

    private HeritageApp App() =>
        new(_data.Path, services: s => s.AddSingleton<IStartupFilter, ClientIpFromHeader>());

    private static async Task<HttpResponseMessage> SignInAsync(HeritageApp app, string username, string password, string ip)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new TokenRequest(username, password)) };
        request.Headers.Add(ClientIpFromHeader.Header, ip);
        return await client.SendAsync(request, Cancel);
    }

    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync(Cancel))!;
        body.Remove("traceId");
        return JsonSerializer.Serialize(body);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string title, int retryAfterSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
    }

    /// <summary>Gives each request the client address its test header names, as a network would.</summary>
    private sealed class ClientIpFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Ip";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(Header, out var ip))
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                }

                return nextMiddleware(http);
            });
            next(app);
        };
    }

    public void Dispose() => _data.Dispose();
}
