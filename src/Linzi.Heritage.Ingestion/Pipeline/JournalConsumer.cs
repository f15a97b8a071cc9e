using System.Threading.Channels;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Base of every journal consumer (the time-series writer, the rules): follows the reading journal with its own
/// checkpoint. Processing must be idempotent (the stores overwrite by key; alerts allow one active per rule and
/// subject), because a crash between processing and saving the checkpoint replays the batch.
/// </summary>
public abstract class JournalConsumer(IReadingJournal journal, ICheckpointStore checkpoints, TimeProvider time, ILogger logger)
    : LogFollower<JournalEntry>(time, logger)
{
    /// <inheritdoc />
    protected override long LoadCheckpoint() => checkpoints.Get(Name);

    /// <inheritdoc />
    protected override void SaveCheckpoint(long position) => checkpoints.Save(Name, position);

    /// <inheritdoc />
    protected override IReadOnlyList<JournalEntry> ReadAfter(long position, int limit) => journal.ReadAfter(position, limit);

    /// <inheritdoc />
    protected override long PositionOf(JournalEntry entry) => entry.Position;

    /// <inheritdoc />
    protected override ChannelReader<bool> Subscribe() => journal.Subscribe();
}
