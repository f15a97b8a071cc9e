using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Domain.Tests.Rules;

/// <summary>Runs readings through a <see cref="RuleEvaluator"/> with the scope filter the rule set applies.</summary>
internal sealed class Eval
{
    private readonly RuleEvaluator _evaluator = new();

    public List<RuleMatch> Raised { get; } = [];

    public List<RuleCleared> Cleared { get; } = [];

    /// <summary>Evaluates one reading on a fresh evaluator and returns what it raised.</summary>
    public static IReadOnlyList<RuleMatch> Once(Reading reading, ReadingContext context, IEnumerable<Rule> rules)
    {
        var eval = new Eval();
        eval.Feed(reading, context, rules);
        return eval.Raised;
    }

    /// <summary>Feeds a reading; returns "raise", "clear" or "" for the first rule's verdict on it.</summary>
    public string Feed(Reading reading, ReadingContext context, IEnumerable<Rule> rules)
    {
        var (raised, cleared) = (Raised.Count, Cleared.Count);
        _evaluator.Evaluate(reading, context, rules.Where(r => RuleScopes.InScope(r.Scope, context)), Raised, Cleared);
        return Raised.Count > raised ? "raise" : Cleared.Count > cleared ? "clear" : "";
    }
}
