using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>What the one-time re-keying of plain SHA-256 alert chains did.</summary>
/// <param name="Alerts">Alerts whose events were re-keyed.</param>
/// <param name="Events">Events re-keyed.</param>
/// <param name="BrokenLeft">Alerts whose plain chain was already broken: re-keyed up to the break only, so they still fail there.</param>
public sealed record ChainRekeying(int Alerts, long Events, int BrokenLeft);

public sealed partial class SqliteAlertStore
{
    // The first start with keyed chains: every event whose plain SHA-256 link still holds is re-linked with the HMAC, in
    // order, and the alert's head follows. A chain that was already broken is re-keyed only up to its break, so it
    // fails at the same event as before: the migration cannot launder a tampered history. Runs once (the meta row).
    private ChainRekeying? RekeyOnce(DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        if (IntegrityMeta.Get(connection, ChainMetaName) is not null)
        {
            return null;
        }

        var events = new List<(long Id, string AlertId, string Type, string Actor, long AtMs, string? Note, string? Disposition, string? To, string? PrevHash, string? Hash)>();
        using (var select = SqliteDatabase.Command(
            connection, "SELECT id, alert_id, type, actor, at_ms, note, disposition, to_user, prev_hash, hash FROM alert_events ORDER BY alert_id, id"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                events.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }

        var alerts = 0;
        var brokenLeft = 0;
        long rekeyed = 0;
        foreach (var chain in events.GroupBy(e => e.AlertId, StringComparer.Ordinal))
        {
            string oldPrevious = "", newPrevious = "";
            var intact = true;
            foreach (var e in chain)
            {
                var legacy = EventHash.Legacy(oldPrevious, e.AlertId, e.Type, e.Actor, e.AtMs, e.Note, e.Disposition, e.To);
                if (e.Hash != legacy || e.PrevHash != oldPrevious)
                {
                    intact = false;
                    break;
                }

                var keyed = EventHash.Compute(Key, newPrevious, e.AlertId, e.Type, e.Actor, e.AtMs, e.Note, e.Disposition, e.To);
                using var update = SqliteDatabase.Command(connection, "UPDATE alert_events SET prev_hash = @p1, hash = @p2 WHERE id = @p0", e.Id, newPrevious, keyed);
                update.ExecuteNonQuery();
                rekeyed++;
                oldPrevious = legacy;
                newPrevious = keyed;
            }

            alerts++;
            if (!intact)
            {
                brokenLeft++;
                continue;
            }

            // The head moves only if it was where the plain chain ended (a chain missing its newest events stays so).
            using var head = SqliteDatabase.Command(
                connection, "UPDATE alerts SET head_hash = @p1 WHERE id = @p0 AND (head_hash IS NULL OR head_hash = @p2)", chain.Key, newPrevious, oldPrevious);
            head.ExecuteNonQuery();
        }

        IntegrityMeta.Set(connection, ChainMetaName, IntegrityMeta.Scheme(Key), now);
        transaction.Commit();
        return events.Count == 0 ? null : new ChainRekeying(alerts, rekeyed, brokenLeft);
    }
}
