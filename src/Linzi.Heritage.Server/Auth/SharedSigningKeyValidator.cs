using Linzi.Heritage.Storage;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Instances sharing their state (<c>State:Provider=Postgres</c>) must sign tokens with one key: a token issued by one
/// instance is presented to whichever the proxy picks next. The generated key lives in each instance's own data
/// directory, so shared state needs <c>Auth:SigningKey</c> set, the same on every instance.
/// </summary>
// It reads the provider from the configuration, not from the validated StateOptions, so that a bad State section
// fails once, on its own.
internal sealed class SharedSigningKeyValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return configuration[$"{StateOptions.SectionName}:{nameof(StateOptions.Provider)}"] == StateOptions.Postgres && string.IsNullOrEmpty(options.SigningKey)
            ? ValidateOptionsResult.Fail(
                $"State:Provider={StateOptions.Postgres} needs Auth:SigningKey, the same on every instance: each would otherwise sign with a key of its own.")
            : ValidateOptionsResult.Success;
    }
}
