using System.Security.Cryptography;
using System.Text;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>
/// The webhook signature: hex HMAC-SHA256, keyed with the channel's secret, of <c>{timestamp}.{body}</c> (Unix
/// seconds), as Stripe and GitHub-style receivers expect. Binding the time in stops replays of a captured request.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The hex signature of a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
    }

    /// <summary>
    /// What a receiver does: true when <paramref name="header"/> (<c>t=…,sha256=…</c>) signs the body and its time is
    /// within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(header);
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var timestamp) || !parts.TryGetValue("sha256", out var signature) ||
            !long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
    }
}
