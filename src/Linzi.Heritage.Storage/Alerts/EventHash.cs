using System.Security.Cryptography;
using System.Text.Json;
using Linzi.Heritage.Storage.Integrity;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// The link of an alert event to the one before it, over a JSON array of its fields (no delimiter ambiguity). Keyed
/// with HMAC-SHA256 under the integrity key (issue 15, hole 9): a plain hash can be recomputed by anyone who can write
/// the database.
/// </summary>
public static class EventHash
{
    /// <summary>Lower-case hex HMAC-SHA256 of the previous hash and the event's fields.</summary>
    public static string Compute(IntegrityKey key, string previous, string alertId, string type, string actor, long atMs, string? note, string? disposition, string? to)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Mac(JsonSerializer.SerializeToUtf8Bytes(new object?[] { "alert-event", previous, alertId, type, actor, atMs, note, disposition, to }));
    }

    /// <summary>The plain SHA-256 link that chains were written with before they were keyed; read only to migrate them.</summary>
    public static string Legacy(string previous, string alertId, string type, string actor, long atMs, string? note, string? disposition, string? to)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[] { previous, alertId, type, actor, atMs, note, disposition, to });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
