using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>The SHA-256 link of an alert event to the one before it, over a JSON array of its fields (no delimiter ambiguity).</summary>
public static class EventHash
{
    /// <summary>Lower-case hex SHA-256 of the previous hash and the event's fields.</summary>
    public static string Compute(string previous, string alertId, string type, string actor, long atMs, string? note, string? disposition, string? to)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[] { previous, alertId, type, actor, atMs, note, disposition, to });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
