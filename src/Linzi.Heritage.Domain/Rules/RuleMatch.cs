namespace Linzi.Heritage.Domain.Rules;

/// <summary>A rule whose condition a reading met, with the value that met it.</summary>
public sealed record RuleMatch(Rule Rule, string Metric, double Value);
