using System.Diagnostics;
using System.Globalization;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Relational;
using Linzi.Heritage.Storage.Tests.Postgres;

[assembly: AssemblyFixture(typeof(PostgresRig))]

namespace Linzi.Heritage.Storage.Tests.Postgres;

/// <summary>
/// A real PostgreSQL (Debian's package) in a cluster of its own on a free port, started by tests/services/postgres.sh
/// once for this test assembly; every test gets an empty database of its own from <see cref="CreateDatabase"/>.
/// </summary>
public sealed class PostgresRig : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "linzi-pg-" + Guid.NewGuid().ToString("N"));
    private readonly List<PostgresDatabase> _databases = [];
    private int _port;

    /// <summary>Creates an empty database and returns it, unmigrated.</summary>
    public PostgresDatabase CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        using (var admin = new PostgresDatabase(ConnectionString("postgres")))
        using (var connection = admin.Open())
        {
            Sql.Execute(connection, $"CREATE DATABASE {name}");
        }

        var database = new PostgresDatabase(ConnectionString(name));
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
    public async ValueTask InitializeAsync()
    {
        await ControlAsync("start");
        _port = int.Parse(await File.ReadAllTextAsync(Path.Combine(_state, "port")), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        await ControlAsync("stop");
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20";

    private async Task ControlAsync(string action)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "services", "postgres.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, action, _state])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {action} failed ({process.ExitCode}): {await errors}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Linzi.Heritage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Linzi.Heritage.sln not found above " + AppContext.BaseDirectory);
    }
}
