using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Server.Backup;

/// <summary>
/// <c>backup DIR</c>: a consistent copy of the data directory (<see cref="DataBackup"/>) taken while the server
/// runs, with the same settings (<c>Storage:DataDirectory</c>) as the server. InfluxDB is backed up with its own
/// tools (docs/operations.md).
/// </summary>
public static class BackupCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "backup";

    /// <summary>Writes the backup; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string target)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            var copied = BackUp(app.Services, target);
            await Console.Out.WriteLineAsync($"Backed up {copied.Count} files into {Path.GetFullPath(target)}.");
            return 0;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync("Backup failed: " + ex.Message);
            return 1;
        }
    }

    /// <summary>
    /// Copies the data directory into <paramref name="target"/> and audits it (entity <c>data</c>, action
    /// <c>backed-up</c>): a backup is a full export. The integrity key is not in the data directory, so it is not copied.
    /// </summary>
    public static IReadOnlyList<string> BackUp(IServiceProvider services, string target)
    {
        ArgumentNullException.ThrowIfNull(services);
        var copied = DataBackup.Run(services.GetRequiredService<DataFiles>(), target);
        services.GetRequiredService<IAuditLog>().Record(
            "data", Path.GetFullPath(target), "backed-up", "command-line:" + Environment.UserName, services.GetRequiredService<TimeProvider>().GetUtcNow(), null,
            JsonSerializer.Serialize(new { files = copied.Count }));
        return copied;
    }
}
