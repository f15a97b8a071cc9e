namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>A reading at its position in the journal. Positions rise strictly.</summary>
/// <remarks>
/// A struct: the journal keeps thousands of the newest in memory for its consumers, and each kept object is one more
/// for every garbage collection to copy.
/// </remarks>
public readonly record struct JournalEntry(long Position, Reading Reading);
