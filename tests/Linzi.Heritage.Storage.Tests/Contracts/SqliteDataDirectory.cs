using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>
/// A unique, empty data directory per test for the SQLite adapters. <see cref="Files"/> opens it afresh each time,
/// as a restarted process would, so a second adapter over it proves persistence. Not thread-safe; one per test.
/// </summary>
public sealed class SqliteDataDirectory : IDisposable
{
    /// <summary>The directory; created on first use.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "linzi-contract-" + Guid.NewGuid().ToString("N"));

    /// <summary>The databases under <see cref="Path"/>, opened anew.</summary>
    public DataFiles Files => new(Path);

    /// <summary>Releases pooled connections (they hold the files open), then deletes the directory.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        // The integrity key's default home, beside the data directory.
        if (Directory.Exists(Path + "-keys"))
        {
            Directory.Delete(Path + "-keys", recursive: true);
        }
    }
}
