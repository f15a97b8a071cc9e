using Linzi.Heritage.Storage.Integrity;

namespace Linzi.Heritage.Storage.Sqlite;

/// <summary>
/// The SQLite files under the data directory. Separate files keep the hot journal's write lock away from the
/// state and time-series writers.
/// </summary>
public sealed class DataFiles
{
    private readonly Lazy<IntegrityKey> _integrity;

    /// <summary>
    /// Opens (creating) the four databases under <paramref name="dataDirectory"/>. <paramref name="integrityKeyFile"/>
    /// is the chains' HMAC key, outside the data directory (<see cref="IntegrityOptions.KeyFileFor"/>; by
    /// default <c>{dataDirectory}-keys/integrity.key</c>), read or created when a store first needs it.
    /// </summary>
    public DataFiles(string dataDirectory, string? integrityKeyFile = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        IntegrityKeyFile = IntegrityOptions.KeyFileFor(DataDirectory, integrityKeyFile);
        _integrity = new Lazy<IntegrityKey>(() => IntegrityKey.LoadOrCreate(IntegrityKeyFile), LazyThreadSafetyMode.ExecutionAndPublication);
        Directory.CreateDirectory(DataDirectory);
        State = new SqliteDatabase(Path.Combine(DataDirectory, "heritage.db"));
        Journal = new SqliteDatabase(Path.Combine(DataDirectory, "journal.db"));
        TimeSeries = new SqliteDatabase(Path.Combine(DataDirectory, "timeseries.db"));
        Checkpoints = new SqliteDatabase(Path.Combine(DataDirectory, "checkpoints.db"));
    }

    /// <summary>Absolute data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Where the chains' HMAC key lives (outside <see cref="DataDirectory"/>).</summary>
    public string IntegrityKeyFile { get; }

    /// <summary>The chains' HMAC key, read (or created, 0600) on first use.</summary>
    public IntegrityKey IntegrityKey => _integrity.Value;

    /// <summary>Registry, users, alerts, rejected payloads.</summary>
    public SqliteDatabase State { get; }

    /// <summary>The durable ingestion journal.</summary>
    public SqliteDatabase Journal { get; }

    /// <summary>
    /// The journal consumers' checkpoints. A file of their own: in the journal's file, every save waited for the write
    /// lock that the group commit holds almost without a break at full rate (a profile at 4k msg/s showed the
    /// consumers blocked in checkpoint saves for most of their time), which made the consumers the end-to-end limit.
    /// </summary>
    public SqliteDatabase Checkpoints { get; }

    /// <summary>The embedded time-series store.</summary>
    public SqliteDatabase TimeSeries { get; }
}
