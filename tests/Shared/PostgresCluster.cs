using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Linzi.Heritage.Tests.Shared;

/// <summary>
/// A real PostgreSQL (Debian's package) in a cluster of its own on a free port, started by tests/services/postgres.sh
/// and stopped on dispose. <see cref="CreateDatabase"/> gives each test an empty database. Linked into every test
/// project that needs one (one file, no test-support assembly).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "linzi-pg-" + Guid.NewGuid().ToString("N"));
    private int _port;

    /// <summary>Starts the cluster.</summary>
    public async Task StartAsync()
    {
        await ControlAsync("start");
        _port = int.Parse(await File.ReadAllTextAsync(Path.Combine(_state, "port")), CultureInfo.InvariantCulture);
    }

    /// <summary>Creates an empty database; returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
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
