using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;
using Linzi.Heritage.Tests.Shared;

[assembly: AssemblyFixture(typeof(PostgresRig))]

namespace Linzi.Heritage.Storage.Tests.Postgres;

/// <summary>
/// One real PostgreSQL cluster (<see cref="PostgresCluster"/>) for this test assembly; every test gets an empty
/// database of its own from <see cref="CreateDatabase"/>.
/// </summary>
public sealed class PostgresRig : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();
    private readonly List<PostgresDatabase> _databases = [];

    /// <summary>Creates an empty database and returns it, unmigrated.</summary>
    public PostgresDatabase CreateDatabase()
    {
        var database = new PostgresDatabase(_cluster.CreateDatabase());
        lock (_databases)
        {
            _databases.Add(database);
        }

        return database;
    }

    /// <summary>Creates an empty database with the whole schema.</summary>
    public PostgresDatabase CreateMigratedDatabase()
    {
        var database = CreateDatabase();
        PostgresMigrations.Apply(database);
        return database;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => await _cluster.StartAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        await _cluster.DisposeAsync();
    }
}
