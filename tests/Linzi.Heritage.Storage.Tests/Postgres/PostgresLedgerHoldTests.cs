using System.Security.Cryptography;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Tests.Postgres;

/// <summary>
/// The ledger hold on PostgreSQL: instances take turns at the alert ledger through one session advisory lock, seen
/// here from a third session that tries the lock without waiting.
/// </summary>
public sealed class PostgresLedgerHoldTests(PostgresRig postgres)
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();
    private readonly IntegrityKey _key = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void HoldLedger_WhileOneInstanceHoldsIt_NobodyElseGetsIt_AndDisposingLetsItGo()
    {
        var one = new PostgresAlertStore(_database, _key);

        using (one.HoldLedger())
        {
            Assert.False(TryTake());
        }

        Assert.True(TryTake());
    }

    [Fact]
    public async Task HoldLedger_FourInstances_TakeTurns()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresAlertStore(_database, _key)).ToList();
        var inside = 0;
        var most = 0;

        await Task.WhenAll(stores.Select(store => Task.Run(() =>
        {
            for (var round = 0; round < 10; round++)
            {
                using (store.HoldLedger())
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref most, now);
                    Thread.Yield();
                    Interlocked.Decrement(ref inside);
                }
            }
        })));

        Assert.Equal(1, most);
    }

    // From a session of its own: takes the ledger's lock if free (and lets it go again), without waiting.
    private bool TryTake()
    {
        using var connection = _database.Open();
        using var command = Sql.Command(connection, "SELECT pg_try_advisory_lock(@p0)", PostgresAlertStore.LedgerLockKey);
        var taken = (bool)command.ExecuteScalar()!;
        if (taken)
        {
            Sql.Execute(connection, "SELECT pg_advisory_unlock(@p0)", PostgresAlertStore.LedgerLockKey);
        }

        return taken;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
