using System.Text.Json;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class RuleDefinitionMapperTests
{
    private static readonly HashSet<string> Sites = ["horse-pit"];

    private const string ContractMinimalRule = """
        {"id":"hp-vibration","name":"殉马坑振动","severity":"red",
         "scope":{"siteIds":["horse-pit"],"zoneKinds":["protection"]},
         "condition":{"metric":"ppv_mm_s","op":">","value":0.25}}
        """;

    [Fact]
    public void TryMap_ContractMinimalRule_IsAccepted()
    {
        var definition = JsonSerializer.Deserialize<RuleDefinition>(ContractMinimalRule);

        var rule = RuleDefinitionMapper.TryMap(definition, Sites, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(rule);
        Assert.Equal(Severity.Red, rule.Severity);
        Assert.Equal([ZoneKind.Protection], rule.Scope.ZoneKinds);
        Assert.Equal(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25), rule.Condition);
        Assert.True(rule.Enabled);
    }

    [Fact]
    public void TryMap_RoundTripsThroughDefinition()
    {
        var rule = RuleDefinitionMapper.TryMap(JsonSerializer.Deserialize<RuleDefinition>(ContractMinimalRule), Sites, out _)!;

        var again = RuleDefinitionMapper.TryMap(RuleDefinitionMapper.ToDefinition(rule), Sites, out var errors);

        Assert.Empty(errors);
        Assert.Equal(rule.Condition, again!.Condition);
        Assert.Equal(rule.Scope.SiteIds, again.Scope.SiteIds);
    }

    [Fact]
    public void TryMap_BadFields_NamesEachField()
    {
        var definition = new RuleDefinition
        {
            Id = "Bad Id",
            Severity = "purple",
            Scope = new ScopeDefinition { SiteIds = ["atlantis"], ZoneKinds = ["moat"] },
            Condition = new ConditionDefinition { Metric = "PPV", Op = "!=", Value = double.NaN },
        };

        Assert.Null(RuleDefinitionMapper.TryMap(definition, Sites, out var errors));
        Assert.Equal(
            ["condition.metric", "condition.op", "condition.value", "id", "name", "scope.siteIds", "scope.zoneKinds", "severity"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryMap_MissingCondition_IsAnError()
    {
        Assert.Null(RuleDefinitionMapper.TryMap(new RuleDefinition { Id = "x", Name = "x", Severity = "red" }, Sites, out var errors));
        Assert.Contains("condition", errors.Keys);
    }
}
