using CsCheck;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

/// <summary>Property-based tests (CsCheck): random scopes, value series and interleavings; failures shrink to a minimal case.</summary>
public sealed class RulePropertyTests
{
    private static readonly string[] Sites = ["horse-pit", "qi-capital"];
    private static readonly string[] Kinds = ["vibration", "pir"];
    private static readonly GridCell[] Cells = [Cell, OtherCell];

    private static readonly Gen<RuleScope> Scopes =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 2], (site, zone, cell, kind) =>
            new RuleScope(
                site < 2 ? [Sites[site]] : [],
                zone == 0 ? [ZoneKind.Protection] : zone == 1 ? [ZoneKind.ConstructionControl] : [],
                cell < 2 ? [Cells[cell].Id] : [],
                kind < 2 ? [Kinds[kind]] : []));

    private static readonly Gen<ReadingContext> Contexts =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Bool, (site, kind, cell, inZone) =>
            new ReadingContext(
                new Device("dev-1", Sites[site], Kinds[kind], ["ppv_mm_s"], 0.5, 0.5),
                new Location(Cells[cell], inZone ? [Protection] : [])));

    [Fact]
    public void Rule_NeverFires_ForAReadingOutsideItsScope()
    {
        Gen.Select(Scopes, Contexts, Gen.Double[0, 1]).Sample((scope, context, ppv) =>
        {
            var rule = new Rule("r", "r", Severity.Red, scope, new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.5));
            var set = new RuleSet([rule], [context]);
            var raised = new List<RuleMatch>();
            new RuleEvaluator().Evaluate(
                new Reading("dev-1", context.Device.SiteId, T0, null, [new MetricValue("ppv_mm_s", ppv)]), context, set.For(context), raised, []);

            return raised.Count == 0 || (RuleScopes.InScope(scope, context) && ppv > 0.5);
        });
    }

    [Fact]
    public void Hysteresis_NeverProducesMoreRaiseClearPairs_ThanCrossingsOfTheOuterBand()
    {
        var rule = RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25) { ClearValue = 0.2 });
        Gen.Double[0.1, 0.35].Array[1, 80].Sample(values =>
        {
            var eval = new Eval();
            var verdicts = values.Select((v, i) => eval.Feed(At(i, "ppv_mm_s", v), Fixed(), [rule])).ToList();

            // Pairs: a raise that follows a clear or the start. Crossings: moves from below 0.2 to above 0.25 (or the start above).
            var pairs = verdicts.Where((v, i) => v == "raise" && (i == 0 || verdicts.Take(i).LastOrDefault(x => x.Length > 0) != "raise")).Count();
            var crossings = 0;
            var low = true;
            foreach (var v in values)
            {
                if (v > 0.25 && low)
                {
                    crossings++;
                    low = false;
                }
                else if (v < 0.2)
                {
                    low = true;
                }
            }

            return pairs <= crossings;
        });
    }

    [Fact]
    public void Evaluation_IsIndependentOfTheOrderOfUnrelatedDevices()
    {
        var rules = new[]
        {
            RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25) { ClearValue = 0.2, Sustain = new Sustain(null, 2) }),
            new Rule("looting", "looting", Severity.Red, RuleScope.Everything, new CorrelationCondition(
                [new CorrelationSignal("a", "ppv_mm_s", ComparisonOp.GreaterThan, 0.3), new CorrelationSignal("b", "pir_count", ComparisonOp.GreaterOrEqual, 3)],
                TimeSpan.FromSeconds(5))),
        };
        var devices = new[] { Fixed("dev-a", cell: Cell), Fixed("dev-b", cell: OtherCell) };

        Gen.Select(Gen.Double[0.1, 0.4].Array[20], Gen.Int[0, 5].Array[20], Gen.Int).Sample((values, pir, seed) =>
        {
            // Device a and b each get 10 readings; their interleaving is shuffled.
            var stream = values.Select((v, i) => (Device: devices[i % 2], Reading: new Reading(
                devices[i % 2].Device.Id, "horse-pit", T0.AddSeconds(i / 2 * 3), null,
                [new MetricValue("ppv_mm_s", v), new MetricValue("pir_count", pir[i])]))).ToList();
            var shuffled = stream.GroupBy(s => s.Device.Device.Id).SelectMany(g => g.Select((s, k) => (s, k)))
                .OrderBy(x => x.k).ThenBy(x => new Random(seed + x.k).Next()).Select(x => x.s).ToList();

            return Outcomes(stream, rules) == Outcomes(shuffled, rules);
        });
    }

    private static string Outcomes(List<(ReadingContext Device, Reading Reading)> stream, Rule[] rules)
    {
        var evaluator = new RuleEvaluator();
        var log = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (context, reading) in stream)
        {
            var raised = new List<RuleMatch>();
            var cleared = new List<RuleCleared>();
            evaluator.Evaluate(reading, context, rules, raised, cleared);
            var entry = log.TryGetValue(context.Device.Id, out var list) ? list : log[context.Device.Id] = [];
            entry.Add(string.Join(",", raised.Select(m => $"{m.Rule.Id}:{m.Severity}:{m.Value}").Concat(cleared.Select(c => $"{c.Rule.Id}:clear"))));
        }

        return string.Join("|", log.Select(kv => kv.Key + "=" + string.Join(";", kv.Value)));
    }
}
