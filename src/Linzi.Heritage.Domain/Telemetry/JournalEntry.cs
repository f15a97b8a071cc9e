
namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>A reading at its position in the journal. Positions rise strictly.</summary>
public sealed record JournalEntry(long Position, Reading Reading);
