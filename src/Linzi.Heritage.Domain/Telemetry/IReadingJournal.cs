using System.Threading.Channels;

namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>
/// Port: the durable ingestion journal. A reading counts as accepted once <see cref="AppendAsync"/> completes;
/// every consumer then follows it with its own checkpoint. Thread-safe.
/// </summary>
public interface IReadingJournal
{
    /// <summary>Position of the newest committed entry.</summary>
    long LastPosition { get; }

    /// <summary>True while the journal accepts appends.</summary>
    bool IsRunning { get; }

    /// <summary>Appends readings and completes once they are durably committed.</summary>
    /// <exception cref="InvalidOperationException">The journal is shutting down.</exception>
    Task AppendAsync(IReadOnlyList<Reading> readings);

    /// <summary>A wake-up after each commit; bursts fold into a single wake-up.</summary>
    ChannelReader<bool> Subscribe();

    /// <summary>Reads up to <paramref name="max"/> entries after <paramref name="position"/>, oldest first.</summary>
    IReadOnlyList<JournalEntry> ReadAfter(long position, int max);

    /// <summary>
    /// Deletes entries that every consumer has checkpointed past and that arrived before <paramref name="cutoff"/>;
    /// returns how many. A consumer that never checkpointed holds everything back.
    /// </summary>
    int DeleteConsumed(DateTimeOffset cutoff);

    /// <summary>
    /// When the entry at <paramref name="position"/> was received, or the first one after it when that one is gone
    /// (retention); null when there is none at or after it. The backlog's age is measured with it.
    /// </summary>
    DateTimeOffset? ReceivedAt(long position);

    /// <summary>The highest <c>seq</c> seen per device, to resume duplicate detection after a restart.</summary>
    IReadOnlyDictionary<string, long> LastSequences();

    /// <summary>
    /// Every <c>seq</c> still in the journal within <paramref name="window"/> below each device's highest, to resume
    /// duplicate detection after a restart number by number: seeding the highest alone would take a replayed older
    /// number for a late one and store it again. A journal that cannot tell gives the highest alone.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<long>> RecentSequences(int window) =>
        LastSequences().ToDictionary(p => p.Key, p => (IReadOnlyList<long>)[p.Value], StringComparer.Ordinal);
}
