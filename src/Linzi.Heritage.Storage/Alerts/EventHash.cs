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

/// <summary>The result of checking an alert's hash chain.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Intact">True when every event matches its hash and follows the one before it.</param>
/// <param name="EventsChecked">How many events were read (up to and including the first break).</param>
/// <param name="BrokenAtEventId">The row id of the first event that does not match, or null.</param>
/// <param name="Problem">What is wrong there.</param>
public sealed record ChainVerification(string AlertId, bool Intact, int EventsChecked, long? BrokenAtEventId, string? Problem);
