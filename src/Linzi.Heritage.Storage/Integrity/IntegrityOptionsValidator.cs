using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.Integrity;

/// <summary>Refuses a key file inside the data directory: a copy of the directory would carry the key with the chains.</summary>
internal sealed class IntegrityOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<IntegrityOptions>
{
    public ValidateOptionsResult Validate(string? name, IntegrityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = storage.Value.DataDirectory;
        var file = IntegrityOptions.KeyFileFor(data, options.KeyFile);
        return IntegrityOptions.IsInside(file, data) || Path.GetFullPath(file) == Path.GetFullPath(data)
            ? ValidateOptionsResult.Fail($"Integrity:KeyFile ({file}) must lie outside the data directory ({Path.GetFullPath(data)}), or a copy of the data carries the key that protects it.")
            : ValidateOptionsResult.Success;
    }
}
