using System.Security.Cryptography;
using System.Text.Json;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Tests.Contracts;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Tests.Integrity;

/// <summary>
/// The alert chains keyed with the integrity key (issue 15, hole 9): an event altered and re-hashed the old way no
/// longer verifies, and plain SHA-256 chains of an older data directory are re-keyed once, keeping a break a break.
/// </summary>
public sealed class AlertChainKeyTests : IDisposable
{
    private readonly SqliteDataDirectory _data = new();
    private readonly AlertLedgerScript _ledger = new();

    private SqliteAlertStore Open() => new(_data.Files);

    private void Seed()
    {
        var store = Open();
        var a1 = _ledger.Raise("A1", AlertLedgerScript.T0);
        var a2 = _ledger.Raise("A2", AlertLedgerScript.T0);
        store.Commit([a1, a2]);
        var acknowledged = _ledger.Acknowledge(a1.Alert, AlertLedgerScript.T0.AddMinutes(1));
        store.Commit([acknowledged]);
        store.Commit([_ledger.Resolve(acknowledged.Alert, AlertLedgerScript.T0.AddMinutes(2))]);
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "heritage.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static string Plain(string previous, string alertId, string type, string actor, long atMs, string? note, string? disposition, string? to) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new object?[] { previous, alertId, type, actor, atMs, note, disposition, to })));

    // Rewrites an alert's chain (and head) with plain SHA-256 over what the rows now hold: the attack of an unkeyed
    // chain, and the shape of a data directory from before the key.
    private void RechainPlain(string alertId)
    {
        using var connection = Connect();
        var rows = new List<(long Id, string Type, string Actor, long At, string? Note, string? Disposition, string? To)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT id, type, actor, at_ms, note, disposition, to_user FROM alert_events WHERE alert_id = '{alertId}' ORDER BY id";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var previous = "";
        foreach (var row in rows)
        {
            var hash = Plain(previous, alertId, row.Type, row.Actor, row.At, row.Note, row.Disposition, row.To);
            using var update = connection.CreateCommand();
            update.CommandText = $"UPDATE alert_events SET prev_hash = '{previous}', hash = '{hash}' WHERE id = {row.Id}";
            update.ExecuteNonQuery();
            previous = hash;
        }

        using var head = connection.CreateCommand();
        head.CommandText = $"UPDATE alerts SET head_hash = '{previous}' WHERE id = '{alertId}'";
        head.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void VerifyChain_EventAlteredAndRehashedWithPlainSha256_IsBroken()
    {
        Seed();

        Execute("UPDATE alert_events SET note = '无异常' WHERE alert_id = 'A1' AND type = 'acknowledged'");
        RechainPlain("A1");
        var store = Open();

        Assert.False(store.VerifyChain("A1").Intact);
        Assert.True(store.VerifyChain("A2").Intact);
        var all = store.VerifyChains();
        Assert.Equal((false, 2), (all.Intact, all.AlertsChecked));
        Assert.Equal("A1", Assert.Single(all.Broken).AlertId);
    }

    [Fact]
    public void Open_OlderPlainChains_AreReKeyedOnceAndKeepVerifying()
    {
        Seed();
        RechainPlain("A1");
        RechainPlain("A2");
        Execute("DELETE FROM integrity_meta WHERE name = 'alert_chain'"); // as before the key existed

        var store = Open();

        Assert.Equal(new ChainRekeying(2, 4, 0), store.Rekeyed);
        Assert.True(store.VerifyChains().Intact);
        Assert.Equal(3, store.VerifyChain("A1").EventsChecked);
        Assert.Null(Open().Rekeyed);
        Assert.True(Open().VerifyChains().Intact);
    }

    [Fact]
    public void Open_OlderPlainChainAlreadyBroken_StaysBrokenAtTheSameEvent()
    {
        Seed();
        RechainPlain("A1");
        RechainPlain("A2");
        Execute("DELETE FROM integrity_meta WHERE name = 'alert_chain'");
        Execute("UPDATE alert_events SET note = '无异常' WHERE alert_id = 'A1' AND type = 'acknowledged'"); // tampered before the upgrade
        long tampered;
        using (var connection = Connect())
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT id FROM alert_events WHERE alert_id = 'A1' AND type = 'acknowledged'";
            tampered = (long)query.ExecuteScalar()!;
        }

        var store = Open();

        Assert.Equal(new ChainRekeying(2, 2, 1), store.Rekeyed);
        var result = store.VerifyChain("A1");
        Assert.Equal((false, (long?)tampered), (result.Intact, result.BrokenAtEventId));
        Assert.True(store.VerifyChain("A2").Intact);
    }

    [Fact]
    public void ChainsHead_ChangesWhenAnyChainChanges()
    {
        Seed();
        var before = Open().ChainsHead();

        Assert.Equal(4, before.Events);
        Assert.Equal(before, Open().ChainsHead());
        Execute("UPDATE alerts SET head_hash = 'x' WHERE id = 'A2'");
        Assert.NotEqual(before.Digest, Open().ChainsHead().Digest);
    }

    public void Dispose() => _data.Dispose();
}
