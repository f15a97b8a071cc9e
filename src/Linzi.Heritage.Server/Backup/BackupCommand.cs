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
            var copied = DataBackup.Run(app.Services.GetRequiredService<DataFiles>(), target);
            await Console.Out.WriteLineAsync($"Backed up {copied.Count} files into {Path.GetFullPath(target)}.");
            return 0;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync("Backup failed: " + ex.Message);
            return 1;
        }
    }
}
