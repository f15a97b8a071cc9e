using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Limits on <c>POST /api/auth/token</c> against password guessing. Section <c>Auth:SignIn</c>. The defaults let a
/// person mistype a few times and a control room sign in its whole shift, and leave a guesser about five tries per
/// quarter hour per username.
/// </summary>
public sealed class SignInOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth:SignIn";

    /// <summary>
    /// Attempts per client address per window. Behind a reverse proxy every client has the proxy's address unless
    /// forwarded headers are trusted, so this is a limit for the whole site there.
    /// </summary>
    [Range(1, 100_000)]
    public int PermitsPerAddress { get; init; } = 30;

    /// <summary>Attempts per username per window, from any address (a botnet's spread guesses meet here).</summary>
    [Range(1, 100_000)]
    public int PermitsPerUsername { get; init; } = 10;

    /// <summary>The window of both limits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Failures in a row (no success between) after which the username is locked.</summary>
    [Range(1, 1000)]
    public int LockoutAfterFailures { get; init; } = 5;

    /// <summary>The first lockout; each further one without a success between lasts twice as long as the last.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest lockout the doubling reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxLockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxLockoutDuration < LockoutDuration)
        {
            yield return new ValidationResult("Auth:SignIn:MaxLockoutDuration must not be shorter than LockoutDuration.", [nameof(MaxLockoutDuration)]);
        }
    }
}
