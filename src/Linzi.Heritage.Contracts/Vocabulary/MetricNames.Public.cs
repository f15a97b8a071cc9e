namespace Linzi.Heritage.Contracts.Vocabulary;

// Public in Contracts; the shared definition is in MetricNames.cs.
public static partial class MetricNames;

public readonly partial record struct MetricLabel;
