using Linzi.Heritage.Storage.Integrity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage;

/// <summary>
/// Shared state needs what every instance must share: the connection string, and the integrity key as a file named
/// explicitly (each instance's default sits beside its own data directory, so two instances would sign their chains
/// with two keys and each would call the other's entries tampered).
/// </summary>
internal sealed class StateOptionsValidator(IConfiguration configuration) : IValidateOptions<StateOptions>
{
    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StateOptions.Postgres)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(StateOptions.ConnectionStringName)))
        {
            failures.Add($"State:Provider={StateOptions.Postgres} needs ConnectionStrings:{StateOptions.ConnectionStringName} (Host=…;Database=…;Username=…;Password=…).");
        }

        if (string.IsNullOrWhiteSpace(configuration[$"{IntegrityOptions.SectionName}:{nameof(IntegrityOptions.KeyFile)}"]))
        {
            failures.Add($"State:Provider={StateOptions.Postgres} needs Integrity:KeyFile: the same key file on every instance.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
