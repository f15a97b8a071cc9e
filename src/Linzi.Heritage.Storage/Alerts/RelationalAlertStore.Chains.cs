using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// The alerts' hash chains: each event is chained onto the one before it under the integrity key when it is written,
/// the chain's head sits on the alert row, and the checks walk the chains back.
/// </summary>
public abstract partial class RelationalAlertStore
{
    /// <summary>
    /// Walks an alert's history and checks its hash chain: each event's hash covers its own fields and the previous
    /// event's hash, so changing, removing or reordering a stored event breaks every hash after it.
    /// </summary>
    public ChainVerification VerifyChain(string alertId)
    {
        using var connection = Open();
        return VerifyChain(connection, alertId);
    }

    /// <inheritdoc />
    public AlertChainsVerification VerifyChains()
    {
        using var connection = Open();
        var ids = new List<string>();
        using (var command = Sql.Command(connection, "SELECT id FROM alerts ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var broken = new List<ChainVerification>();
        long events = 0;
        var brokenCount = 0;
        foreach (var id in ids)
        {
            var result = VerifyChain(connection, id);
            events += result.EventsChecked;
            if (!result.Intact)
            {
                brokenCount++;
                if (broken.Count < 100)
                {
                    broken.Add(result);
                }
            }
        }

        return new AlertChainsVerification(brokenCount == 0, ids.Count, events, broken);
    }

    /// <inheritdoc />
    public AlertChainsHead ChainsHead()
    {
        using var connection = Open();
        using var hmac = _key.CreateHmac();
        hmac.AppendData("alert-heads"u8);
        using (var command = Sql.Command(connection, "SELECT id, head_hash FROM alerts WHERE head_hash IS NOT NULL ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                hmac.AppendData(JsonSerializer.SerializeToUtf8Bytes(new[] { reader.GetString(0), reader.GetString(1) }));
            }
        }

        using var count = Sql.Command(connection, "SELECT COUNT(*) FROM alert_events");
        return new AlertChainsHead((long)count.ExecuteScalar()!, Convert.ToHexStringLower(hmac.GetHashAndReset()));
    }

    private ChainVerification VerifyChain(DbConnection connection, string alertId)
    {
        using var command = Sql.Command(
            connection, "SELECT id, alert_id, type, actor, at_ms, note, disposition, to_user, prev_hash, hash FROM alert_events WHERE alert_id = @p0 ORDER BY id", alertId);
        using var reader = command.ExecuteReader();
        var previous = "";
        var count = 0;
        while (reader.Read())
        {
            count++;
            var id = reader.GetInt64(0);
            var stored = reader.IsDBNull(9) ? null : reader.GetString(9);
            var storedPrevious = reader.IsDBNull(8) ? null : reader.GetString(8);
            var expected = EventHash.Compute(
                _key, previous, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            if (stored != expected || storedPrevious != previous)
            {
                return new ChainVerification(alertId, false, count, id,
                    storedPrevious != previous ? "the event does not follow the one before it (removed or reordered)" : "the event's content does not match its hash (altered)");
            }

            previous = stored!;
        }

        reader.Close();
        using var headQuery = Sql.Command(connection, "SELECT head_hash FROM alerts WHERE id = @p0", alertId);
        if (headQuery.ExecuteScalar() is string headHash && headHash != previous)
        {
            return new ChainVerification(alertId, false, count, null, "the newest events are missing (the chain ends before the alert's head hash)");
        }

        return new ChainVerification(alertId, true, count, null, null);
    }

    private void InsertEvent(DbConnection connection, AlertEvent alertEvent)
    {
        string previous;
        using (var last = Sql.Command(connection, "SELECT hash FROM alert_events WHERE alert_id = @p0 ORDER BY id DESC LIMIT 1", alertEvent.AlertId))
        {
            previous = last.ExecuteScalar() as string ?? "";
        }

        var at = alertEvent.At.ToUnixTimeMilliseconds();
        var hash = EventHash.Compute(_key, previous, alertEvent.AlertId, alertEvent.Type, alertEvent.Actor, at, alertEvent.Note, alertEvent.Disposition, alertEvent.To);
        using (var insert = Sql.Command(
            connection,
            "INSERT INTO alert_events(alert_id, type, actor, at_ms, note, disposition, to_user, prev_hash, hash) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
            alertEvent.AlertId, alertEvent.Type, alertEvent.Actor, at, alertEvent.Note, alertEvent.Disposition, alertEvent.To, previous, hash))
        {
            insert.ExecuteNonQuery();
        }

        // The head of the chain sits on the alert row, so removing the newest events is caught too.
        using var head = Sql.Command(connection, "UPDATE alerts SET head_hash = @p1 WHERE id = @p0", alertEvent.AlertId, hash);
        head.ExecuteNonQuery();
    }
}
