using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>A reading at its position in the journal. Positions rise strictly.</summary>
public sealed record JournalEntry(long Position, Reading Reading);
