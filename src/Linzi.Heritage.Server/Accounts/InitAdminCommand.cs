using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// <c>init-admin USERNAME</c>: the first step of a real installation. Creates the first bureau account, on an
/// installation that has none, with a random password printed once to standard output (never to the log), to be
/// changed at the first sign-in. Refuses (exit code 1) when a bureau account exists, 2 for a bad username.
/// </summary>
public static class InitAdminCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "init-admin";

    /// <summary>The actor written into the audit log.</summary>
    public const string Actor = "init-admin (command line)";

    /// <summary>Creates the account; returns the process exit code.</summary>
    public static Task<int> RunAsync(WebApplication app, string username)
    {
        ArgumentNullException.ThrowIfNull(app);
        return RunAsync(app.Services, username, Console.Out, Console.Error);
    }

    /// <summary>Creates the account with the server's services, writing to the given console streams.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string username, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!AccountRules.IsValidUsername(username))
        {
            await error.WriteLineAsync(
                $"'{username}' is not a valid username: 2 to 32 characters, a lower-case letter first, then lower-case letters, digits, '_', '.' or '-'.");
            return 2;
        }

        var result = services.GetRequiredService<AccountEditor>().CreateFirstAdmin(username, Actor);
        if (result.Outcome != AccountOutcome.Done)
        {
            await error.WriteLineAsync(
                "This installation has a bureau account already; init-admin only creates the first one. " +
                "Sign in as a bureau user and create accounts with POST /api/users, or reset a password with POST /api/users/{username}/reset-password.");
            return 1;
        }

        await output.WriteLineAsync($"Created the bureau account '{username}'. Its password, shown only this once:");
        await output.WriteLineAsync();
        await output.WriteLineAsync("    " + result.TemporaryPassword);
        await output.WriteLineAsync();
        await output.WriteLineAsync("Sign in with it (POST /api/auth/token); the server then asks for a new password (POST /api/auth/password) before anything else.");
        return 0;
    }
}
