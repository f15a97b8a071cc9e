using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Linzi.Heritage.Domain.Notifications;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>A channel refused or failed a message; <see cref="Exception.Message"/> says why, for the dead-letter list.</summary>
public sealed class ChannelException(string message) : Exception(message);

/// <summary>
/// Formats and posts one outbox message to its channel: a generic JSON webhook (with <c>Idempotency-Key</c> and an
/// optional HMAC signature), a WeCom group robot, a DingTalk robot (signed with its secret), or an SMS gateway
/// template. Throws <see cref="ChannelException"/> or <see cref="HttpRequestException"/> on failure.
/// </summary>
public sealed class ChannelSender(HttpClient http, TimeProvider time)
{
    /// <summary>Sends the message.</summary>
    public async Task SendAsync(ChannelOptions channel, OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        var (url, body) = channel.Kind switch
        {
            "wecom" => (channel.Url!, JsonSerializer.Serialize(new { msgtype = "text", text = new { content = message.Text } })),
            "dingtalk" => (DingTalkUrl(channel), JsonSerializer.Serialize(new { msgtype = "text", text = new { content = message.Text } })),
            "sms" => (channel.Url!, SmsBody(channel, message)),
            _ => (channel.Url!, message.Payload),
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        if (channel.Kind == "webhook" && channel.Secret is { Length: > 0 } secret)
        {
            // The signature covers the time it was made, so a captured request cannot be replayed later: receivers
            // check the signature and refuse a timestamp older than a few minutes (docs/alerts.md).
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add("X-Linzi-Timestamp", timestamp);
            request.Headers.Add("X-Linzi-Signature", $"t={timestamp},sha256={WebhookSignature.Sign(secret, timestamp, body)}");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}", null, response.StatusCode);
        }

        // The robots answer 200 with an error code in the body when they refuse a message.
        if (channel.Kind is "wecom" or "dingtalk" && ErrorCode(text) is { } code && code != 0)
        {
            throw new ChannelException($"{channel.Kind} refused the message: {Truncate(text)}");
        }
    }

    private Uri DingTalkUrl(ChannelOptions channel)
    {
        if (channel.Secret is not { Length: > 0 } secret)
        {
            return channel.Url!;
        }

        // 加签: sign = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded, with the millisecond timestamp.
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        var separator = channel.Url!.Query.Length > 0 ? "&" : "?";
        return new Uri($"{channel.Url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}");
    }

    private static string SmsBody(ChannelOptions channel, OutboxMessage message)
    {
        string Escaped(string value) => JsonSerializer.Serialize(value)[1..^1];
        return channel.BodyTemplate!
            .Replace("{phone}", Escaped(channel.Phones.GetValueOrDefault(message.Recipient ?? "", "")), StringComparison.Ordinal)
            .Replace("{text}", Escaped(message.Text), StringComparison.Ordinal)
            .Replace("{alertId}", Escaped(message.AlertId ?? ""), StringComparison.Ordinal)
            .Replace("{key}", Escaped(message.IdempotencyKey), StringComparison.Ordinal);
    }

    private static int? ErrorCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] : text;
}
