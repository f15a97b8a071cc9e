using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>One notification channel. Section <c>Notifications:Channels:N</c>.</summary>
public sealed class ChannelOptions
{
    /// <summary>Unique name, used in the outbox and the dead-letter list.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>webhook</c> (generic JSON), <c>wecom</c> (企业微信 group robot), <c>dingtalk</c> (钉钉 robot), <c>sms</c> (HTTP SMS gateway).</summary>
    public string Kind { get; init; } = "";

    /// <summary>Where to POST: the webhook, the robot's webhook address with its key or access token, the gateway.</summary>
    public Uri? Url { get; init; }

    /// <summary>webhook: HMAC-SHA256 key for <c>X-Linzi-Signature</c>; dingtalk: the robot's signing secret (加签).</summary>
    public string? Secret { get; init; }

    /// <summary>sms: the JSON body with <c>{phone}</c>, <c>{text}</c>, <c>{alertId}</c>, <c>{key}</c> placeholders (values JSON-escaped).</summary>
    public string? BodyTemplate { get; init; }

    /// <summary>sms: phone numbers by username; a person without one gets no SMS.</summary>
    public Dictionary<string, string> Phones { get; init; } = [];

    /// <summary>Severities sent; empty for all.</summary>
    public List<string> Severities { get; init; } = [];

    /// <summary>Notice kinds sent (raised, escalated, reminded, overdue); empty for all.</summary>
    public List<string> Kinds { get; init; } = [];
}

/// <summary>Notification channels beyond SignalR, and how the outbox delivers to them. Section <c>Notifications</c>.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Notifications";

    /// <summary>The channels; none by default.</summary>
    public List<ChannelOptions> Channels { get; init; } = [];

    /// <summary>Delivery attempts before a message goes to the dead-letter list.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Wait before the second attempt; doubled each time up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Messages per channel about one device per hour before further ones are folded into a digest.</summary>
    [Range(1, 10_000)]
    public int MaxPerDevicePerHour { get; init; } = 5;

    /// <summary>Messages per channel about one rule per hour before further ones are folded into a digest.</summary>
    [Range(1, 10_000)]
    public int MaxPerRulePerHour { get; init; } = 20;

    /// <summary>How often folded messages are summed up into one digest per channel.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DigestInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Time allowed for one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Channels.Count; i++)
        {
            var c = Channels[i];
            var at = $"{SectionName}:Channels:{i}";
            if (string.IsNullOrWhiteSpace(c.Name) || Channels.Count(x => x.Name == c.Name) > 1)
            {
                yield return new ValidationResult($"{at}:Name is required and must be unique.");
            }

            if (c.Kind is not ("webhook" or "wecom" or "dingtalk" or "sms"))
            {
                yield return new ValidationResult($"{at}:Kind must be webhook, wecom, dingtalk or sms.");
            }

            if (c.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return new ValidationResult($"{at}:Url must be an absolute http(s) address.");
            }

            if (c.Kind == "sms" && string.IsNullOrWhiteSpace(c.BodyTemplate))
            {
                yield return new ValidationResult($"{at}:BodyTemplate is required for an SMS gateway.");
            }
        }
    }
}
