using System.Threading.Channels;
using Linzi.Heritage.Domain.Feeds;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>
/// The durable ingestion journal: every accepted reading is in here before its publisher gets a PUBACK.
/// </summary>
/// <remarks>
/// Concurrency: any number of callers append at once. Appends queue on a channel; one writer loop drains
/// whatever has queued, writes it in a single transaction and commits (group commit), then completes every
/// caller of that batch. One fsync is thus shared by all publishers that arrived while the last one ran.
/// Readers (the consumers) use their own connections; WAL lets them read while the writer writes.
/// </remarks>
public sealed class SqliteJournal : BackgroundService, IReadingJournal
{
    private const int MaxReadingsPerCommit = 5_000;

    /// <summary>
    /// How many of the newest entries are kept in memory for the consumers (see <see cref="JournalTail"/>): the
    /// time-series writer trails by its batch window (200 ms) and a write, under a second at 10k readings a second.
    /// </summary>
    public const int TailEntries = 8_192;

    private readonly SqliteDatabase _database;
    private readonly SqliteDatabase _checkpoints;
    private readonly TimeProvider _time;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly CommitSignal _committed = new();
    private readonly JournalTail _tail;
    private long _lastPosition;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteJournal(DataFiles files, TimeProvider time)
        : this(files, time, TailEntries)
    {
    }

    /// <summary>Creates the schema if needed; keeps <paramref name="tailEntries"/> of the newest entries in memory.</summary>
    public SqliteJournal(DataFiles files, TimeProvider time, int tailEntries)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.Journal;
        _checkpoints = files.Checkpoints;
        SqliteCheckpointStore.EnsureSchema(files);
        _time = time;
        using var connection = _database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS journal(
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL,
                site_id TEXT NOT NULL,
                ts_ms INTEGER NOT NULL,
                received_ms INTEGER NOT NULL,
                seq INTEGER,
                body BLOB NOT NULL);
            """);
        using var last = SqliteDatabase.Command(connection, "SELECT IFNULL(MAX(position), 0) FROM journal");
        _lastPosition = (long)last.ExecuteScalar()!;
        _tail = new JournalTail(_lastPosition, tailEntries);
    }

    /// <summary>Position of the newest committed entry.</summary>
    public long LastPosition => Interlocked.Read(ref _lastPosition);

    /// <summary>Appends readings and completes once they are durably committed.</summary>
    /// <exception cref="InvalidOperationException">The journal is shutting down.</exception>
    public Task AppendAsync(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var pending = new PendingAppend(readings, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The journal is closed.");
        }

        return pending.Done.Task;
    }

    /// <inheritdoc />
    public ChannelReader<bool> Subscribe() => _committed.Subscribe();

    /// <inheritdoc />
    public bool IsRunning => ExecuteTask is { IsCompleted: false };

    /// <summary>Reads up to <paramref name="max"/> entries after <paramref name="position"/>, oldest first.</summary>
    /// <remarks>From memory when the position is among the newest entries, else from the file.</remarks>
    public IReadOnlyList<JournalEntry> ReadAfter(long position, int max) =>
        _tail.TryReadAfter(position, max, out var recent) ? recent : ReadFileAfter(position, max);

    /// <summary>Reads up to <paramref name="max"/> entries after <paramref name="position"/> from the file, never from memory.</summary>
    public IReadOnlyList<JournalEntry> ReadFileAfter(long position, int max)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            "SELECT position, device_id, site_id, ts_ms, seq, body FROM journal WHERE position > @p0 ORDER BY position LIMIT @p1",
            position, max);
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            long? seq = reader.IsDBNull(4) ? null : reader.GetInt64(4);
            var reading = ReadingCodec.Decode(reader.GetString(1), reader.GetString(2), reader.GetInt64(3), seq, (byte[])reader[5]);
            entries.Add(new JournalEntry(reader.GetInt64(0), reading));
        }

        return entries;
    }

    /// <summary>
    /// Deletes entries that every consumer has checkpointed past and that arrived before <paramref name="cutoff"/>;
    /// returns how many. A consumer that never checkpointed holds everything back.
    /// </summary>
    /// <remarks>
    /// In chunks of <see cref="DeleteChunk"/> entries, each its own short transaction: an hour of entries deleted in one
    /// statement would hold the file's write lock for seconds, and every publisher waits on the next group commit.
    /// The chunks skip the fsync: a delete lost to a power cut is simply done again by the next sweep.
    /// </remarks>
    public int DeleteConsumed(DateTimeOffset cutoff)
    {
        long consumed;
        using (var checkpoints = _checkpoints.Open())
        using (var slowest = SqliteDatabase.Command(checkpoints, "SELECT IFNULL(MIN(position), 0) FROM checkpoints"))
        {
            consumed = (long)slowest.ExecuteScalar()!;
        }

        using var connection = _database.OpenForReplayableWrites();
        using var command = SqliteDatabase.Command(
            connection,
            """
            DELETE FROM journal
            WHERE position <= MIN(@p2, (SELECT IFNULL(MIN(position), 0) FROM journal) + @p1)
              AND received_ms < @p0
            """,
            cutoff.ToUnixTimeMilliseconds(), DeleteChunk - 1, consumed);
        var deleted = 0;
        int chunk;
        do
        {
            chunk = command.ExecuteNonQuery();
            deleted += chunk;
        }
        while (chunk > 0);

        if (deleted > 0)
        {
            // What retention deleted is gone for readers of the memory tail too: the entries before the oldest that is
            // left, and never past the slowest checkpoint (an entry committed meanwhile is not among them).
            using var oldest = SqliteDatabase.Command(connection, "SELECT MIN(IFNULL(MIN(position), @p0), @p0) FROM journal", consumed + 1);
            _tail.DropBefore((long)oldest.ExecuteScalar()!);
        }

        return deleted;
    }

    /// <summary>How many entries one retention transaction deletes at most.</summary>
    public const int DeleteChunk = 5_000;

    /// <summary>When the entry at <paramref name="position"/> was received, or null if there is none.</summary>
    public DateTimeOffset? ReceivedAt(long position)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT received_ms FROM journal WHERE position >= @p0 ORDER BY position LIMIT 1", position);
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The highest <c>seq</c> seen per device, to resume duplicate detection after a restart.</summary>
    public IReadOnlyDictionary<string, long> LastSequences()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "SELECT device_id, MAX(seq) FROM journal WHERE seq IS NOT NULL GROUP BY device_id");
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<long>> RecentSequences(int window)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            """
            SELECT j.device_id, j.seq FROM journal j
            JOIN (SELECT device_id, MAX(seq) AS top FROM journal WHERE seq IS NOT NULL GROUP BY device_id) m ON m.device_id = j.device_id
            WHERE j.seq IS NOT NULL AND j.seq > m.top - @p0
            """,
            window);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var device = reader.GetString(0);
            if (!result.TryGetValue(device, out var seqs))
            {
                result[device] = seqs = [];
            }

            seqs.Add(reader.GetInt64(1));
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Stops taking appends, commits what is queued, then stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Publishers wait on this connection's commits, so it never checkpoints the WAL itself; JournalCheckpointer does.
        using var connection = _database.OpenWithoutAutoCheckpoint();
        var batch = new List<PendingAppend>();

        // Not cancelled by stoppingToken: shutdown completes the channel instead, so queued appends still commit.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            var count = 0;
            while (count < MaxReadingsPerCommit && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                count += pending.Readings.Count;
            }

            try
            {
                Commit(connection, batch);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }

                _committed.Notify();
            }
#pragma warning disable CA1031 // Any failure must reach the waiting publishers, who then refuse the PUBACK.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }

    private void Commit(SqliteConnection connection, List<PendingAppend> batch)
    {
        var committed = new List<JournalEntry>(batch.Count);
        var receivedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using var transaction = connection.BeginTransaction();
        using var insert = new RawStatement(
            connection, "INSERT INTO journal(device_id, site_id, ts_ms, received_ms, seq, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.Bind(4, receivedMs);
        using var body = new ReadingBodyWriter();
        long last = 0;
        foreach (var pending in batch)
        {
            for (var i = 0; i < pending.Readings.Count; i++)
            {
                var reading = pending.Readings[i];
                var tsMs = reading.Timestamp.ToUnixTimeMilliseconds();
                insert.Bind(1, reading.DeviceId);
                insert.Bind(2, reading.SiteId);
                insert.Bind(3, tsMs);
                insert.Bind(5, reading.Seq);
                insert.Bind(6, body.Encode(reading));
                insert.Execute();
                last = insert.LastInsertRowId;
                committed.Add(new JournalEntry(last, AsStored(reading, tsMs)));
            }
        }

        transaction.Commit();
        _tail.Append(committed);
        if (last > 0)
        {
            Interlocked.Exchange(ref _lastPosition, last);
        }
    }

    // As the file gives it back: the journal keeps milliseconds in UTC, so a replay sees the same timestamp. A device's
    // "ts" usually is that already, and then the reading is kept as it is rather than copied.
    private static Reading AsStored(Reading reading, long tsMs) =>
        reading.Timestamp.Offset == TimeSpan.Zero && reading.Timestamp.Ticks % TimeSpan.TicksPerMillisecond == 0
            ? reading
            : reading with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(tsMs) };

    private sealed record PendingAppend(IReadOnlyList<Reading> Readings, TaskCompletionSource Done);
}
