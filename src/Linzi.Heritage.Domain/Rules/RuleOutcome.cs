namespace Linzi.Heritage.Domain.Rules;

/// <summary>The condition of a rule has passed back for a subject, so its open alert may be cleared.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Subject">The device id, or the cell key of a correlation.</param>
/// <param name="Note">Why, for the alert's history.</param>
public sealed record RuleCleared(Rule Rule, string Subject, string Note);
