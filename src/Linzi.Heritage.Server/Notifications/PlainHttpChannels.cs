using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>
/// Refuses <c>http://</c> channel addresses outside development: an alert on its way to a chief's phone carries a
/// site, a cell and an inspector's name, and on plain HTTP anyone on the path reads or changes it. A loopback
/// address (a relay on the same host) never crosses a network and stays allowed.
/// </summary>
public sealed class PlainHttpChannels(IHostEnvironment environment) : IValidateOptions<NotificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = options.Channels
            .Select((c, i) => (c, i))
            .Where(x => x.c.Url is { IsAbsoluteUri: true, Scheme: "http", IsLoopback: false })
            .Select(x => $"{NotificationOptions.SectionName}:Channels:{x.i}:Url must be https:// outside development ({x.c.Url}).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
