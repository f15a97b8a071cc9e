using System.Security.Cryptography;
using Linzi.Heritage.Storage.Audit;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Tests.Postgres;

/// <summary>One audit chain in PostgreSQL, appended to by several instances at once, and checked for tampering.</summary>
public sealed class PostgresAuditChainTests(PostgresRig postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();
    private readonly IntegrityKey _key = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Record_FromFourInstancesAtOnce_KeepsOneUnbrokenChain()
    {
        using var start = new Barrier(4);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(instance => Task.Run(
            () =>
            {
                var log = new PostgresAuditLog(_database, _key); // Each instance its own store over the shared database.
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (var i = 0; i < 25; i++)
                {
                    log.Record("rule", $"rule-{instance}-{i}", "created", $"bureau-{instance}", T0.AddSeconds(i), null, "{}");
                }
            },
            TestContext.Current.CancellationToken)));

        // Without the chain's lock, two appends read the same newest hash and the chain forks: Verify names the entry.
        var result = new PostgresAuditLog(_database, _key).Verify();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(100, result.EntriesChecked);
    }

    [Fact]
    public void Verify_ARowAlteredInTheDatabase_NamesTheEntry_AndAnotherKeyBreaksTheChain()
    {
        var log = new PostgresAuditLog(_database, _key);
        log.Record("device", "hp-vib-01", "revoked", "bureau", T0, null, null);
        log.Record("device", "hp-vib-02", "revoked", "bureau", T0.AddMinutes(1), null, null);
        var first = log.Query("device", "hp-vib-01", 1).Single().Id;
        Assert.True(log.Verify().Intact);

        Assert.False(new PostgresAuditLog(_database, new IntegrityKey(RandomNumberGenerator.GetBytes(32))).Verify().Intact);

        using (var connection = _database.Open())
        {
            Sql.Execute(connection, "UPDATE audit_log SET action = 'configured' WHERE id = @p0", first);
        }

        var result = log.Verify();
        Assert.False(result.Intact);
        Assert.Equal(first, result.BrokenAtEntryId);
    }
}
