using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Tests.Contracts;

namespace Linzi.Heritage.Storage.Tests.Sqlite;

/// <summary>How every connection to a data file is set up.</summary>
public sealed class SqliteDatabaseTests
{
    [Fact]
    public void EveryConnection_WaitsForALockWithSqlitesOwnBusyHandler()
    {
        // Without busy_timeout, Microsoft.Data.Sqlite retries a locked write after a fixed 150 ms sleep: the pauses
        // that held PUBACKs and alerts (bench/results/issue-16-pauses.md).
        using var directory = new SqliteDataDirectory();
        var database = new SqliteDatabase(System.IO.Path.Combine(directory.Path, "probe.db"));
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, "PRAGMA busy_timeout");
        Assert.Equal((long)SqliteDatabase.BusyTimeoutMs, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task AWriteThatMeetsAnotherWritersLock_CommitsOnceTheLockIsReleased()
    {
        using var directory = new SqliteDataDirectory();
        var database = new SqliteDatabase(System.IO.Path.Combine(directory.Path, "probe.db"));
        database.EnsureSchema("CREATE TABLE t(v INTEGER)");
        using var holder = database.Open();
        var held = holder.BeginTransaction();
        using (var first = SqliteDatabase.Command(holder, "INSERT INTO t VALUES (1)"))
        {
            first.Transaction = held;
            first.ExecuteNonQuery();
        }

        var waiting = Task.Run(() =>
        {
            using var other = database.Open();
            using var second = SqliteDatabase.Command(other, "INSERT INTO t VALUES (2)");
            return second.ExecuteNonQuery();
        }, TestContext.Current.CancellationToken);
        held.Commit();
        held.Dispose();

        Assert.Equal(1, await waiting);
        using var count = SqliteDatabase.Command(holder, "SELECT COUNT(*) FROM t");
        Assert.Equal(2L, (long)count.ExecuteScalar()!);
    }
}
