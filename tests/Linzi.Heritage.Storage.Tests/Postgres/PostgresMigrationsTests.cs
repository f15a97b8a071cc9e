using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Storage.Patrols;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Registry;
using Linzi.Heritage.Storage.Relational;
using Linzi.Heritage.Storage.Tests.Patrols;

namespace Linzi.Heritage.Storage.Tests.Postgres;

/// <summary>The PostgreSQL schema reaches the newest version from an empty database and from every earlier one.</summary>
public sealed class PostgresMigrationsTests(PostgresRig postgres)
{
    private readonly PostgresDatabase _database = postgres.CreateDatabase();

    [Fact]
    public void Apply_OnAnEmptyDatabase_AppliesEveryMigrationInOrder_AndASecondRunNothing()
    {
        Assert.Equal(0, PostgresMigrations.Version(_database));

        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), PostgresMigrations.Apply(_database));
        Assert.Equal(PostgresMigrations.Latest, PostgresMigrations.Version(_database));
        Assert.Empty(PostgresMigrations.Apply(_database));
        Assert.True(new PostgresRegistryStore(_database).IsEmpty());
    }

    [Fact]
    public void Versions_RunFromOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, PostgresMigrations.All.Count), PostgresMigrations.All.Select(m => m.Version));
    }

    [Fact]
    public void Apply_FromEachEarlierVersion_AppliesTheRest_AndReachesTheNewest()
    {
        for (var version = 1; version < PostgresMigrations.Latest; version++)
        {
            var database = postgres.CreateDatabase();
            Assert.Equal(Enumerable.Range(1, version), PostgresMigrations.Apply(database, upTo: version));
            Assert.Equal(version, PostgresMigrations.Version(database));

            Assert.Equal(Enumerable.Range(version + 1, PostgresMigrations.Latest - version), PostgresMigrations.Apply(database));
            Assert.Equal(PostgresMigrations.Latest, PostgresMigrations.Version(database));
        }
    }

    [Fact]
    public void Apply_FromVersion1_KeepsTheDeviceSecretsStoredThen()
    {
        // Version 1 had device secrets without rotation: a credential stored then is still there, with no previous secret.
        PostgresMigrations.Apply(_database, upTo: 1);
        using (var connection = _database.Open())
        {
            Sql.Execute(connection, "INSERT INTO device_credentials(device_id, secret_hash) VALUES (@p0, @p1)", "hp-vib-01", "HASH-1");
        }

        PostgresMigrations.Apply(_database);
        var credential = new PostgresRegistryStore(_database).GetCredential("hp-vib-01");
        Assert.Equal(new DeviceCredential("hp-vib-01", "HASH-1"), credential);
    }

    [Fact]
    public void Apply_FromVersion15_WithTwoRunningPatrolsOfAnInspector_EndsTheOlder_AndMakesTheIndexUnique()
    {
        // Before migration 16 two instances could each start a patrol for one inspector; the unique index could not be built over them.
        PostgresMigrations.Apply(_database, upTo: 15);
        using (var connection = _database.Open())
        {
            PatrolTwins.Insert(connection);
        }

        Assert.Equal([16], PostgresMigrations.Apply(_database));
        PatrolTwins.AssertResolved(new PostgresPatrolStore(_database));
    }

    [Fact]
    public async Task Apply_ByInstancesStartingTogether_AppliesEachMigrationOnce()
    {
        using var start = new Barrier(4);
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return PostgresMigrations.Apply(_database);
            },
            TestContext.Current.CancellationToken)));

        // Without the advisory lock, two of them would both create the tables and one would fail.
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), runs.SelectMany(applied => applied).Order());
        Assert.Equal(PostgresMigrations.Latest, PostgresMigrations.Version(_database));
    }

    [Fact]
    public void Apply_ToADatabaseOfANewerBuild_RefusesToStart()
    {
        PostgresMigrations.Apply(_database);
        using (var connection = _database.Open())
        {
            Sql.Execute(connection, "INSERT INTO schema_migrations(version, name) VALUES (@p0, 'from the future')", PostgresMigrations.Latest + 1);
        }

        var error = Assert.Throws<InvalidOperationException>(() => PostgresMigrations.Apply(_database));
        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }
}
