namespace Linzi.Heritage.Storage.Sqlite;

/// <summary>
/// The SQLite files under the data directory. Separate files keep the hot journal's write lock away from the
/// state and time-series writers.
/// </summary>
public sealed class DataFiles
{
    /// <summary>Opens (creating) the three databases under <paramref name="dataDirectory"/>.</summary>
    public DataFiles(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        State = new SqliteDatabase(Path.Combine(DataDirectory, "heritage.db"));
        Journal = new SqliteDatabase(Path.Combine(DataDirectory, "journal.db"));
        TimeSeries = new SqliteDatabase(Path.Combine(DataDirectory, "timeseries.db"));
    }

    /// <summary>Absolute data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Registry, users, alerts, rejected payloads.</summary>
    public SqliteDatabase State { get; }

    /// <summary>The durable ingestion journal and consumers' checkpoints.</summary>
    public SqliteDatabase Journal { get; }

    /// <summary>The embedded time-series store.</summary>
    public SqliteDatabase TimeSeries { get; }
}
