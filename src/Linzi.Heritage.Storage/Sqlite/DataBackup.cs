using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Sqlite;

/// <summary>
/// A consistent copy of the data directory while the server runs: each SQLite file through SQLite's online backup
/// API (a snapshot of one moment, whatever the server writes meanwhile), then the attachments (write-once files
/// named by id) and the signing key. Restore by stopping the server and copying the folder back.
/// </summary>
public static class DataBackup
{
    /// <summary>The files copied with the backup API.</summary>
    public static readonly string[] Databases = ["heritage.db", "journal.db", "timeseries.db", "checkpoints.db"];

    /// <summary>Writes the backup into <paramref name="target"/>, which must not hold a previous one; returns what it copied.</summary>
    public static IReadOnlyList<string> Run(DataFiles files, string target)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{target} is not empty; back up into a new folder.");
        }

        Directory.CreateDirectory(target);
        var copied = new List<string>();
        foreach (var database in new[] { files.State, files.Journal, files.TimeSeries, files.Checkpoints })
        {
            var destination = Path.Combine(target, Path.GetFileName(database.Path));
            using var source = database.Open();
            using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString()))
            {
                copy.Open();
                source.BackupDatabase(copy);
            }

            copied.Add(Path.GetFileName(destination));
        }

        var attachments = Path.Combine(files.DataDirectory, "attachments");
        if (Directory.Exists(attachments))
        {
            foreach (var file in Directory.EnumerateFiles(attachments, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(files.DataDirectory, file);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
                File.Copy(file, Path.Combine(target, relative));
                copied.Add(relative);
            }
        }

        var key = Path.Combine(files.DataDirectory, "signing.key");
        if (File.Exists(key))
        {
            File.Copy(key, Path.Combine(target, "signing.key"));
            copied.Add("signing.key");
        }

        return copied;
    }
}
