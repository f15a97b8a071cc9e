using System.Text.Json;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class RuleKindMappingTests
{
    private static readonly RegistryNames Names = new(
        new HashSet<string> { "horse-pit", "qi-capital" }, new HashSet<string> { "hp-pz" }, new HashSet<string> { "qd-r1c5" });

    [Theory]
    [InlineData("""{"kind":"threshold","metric":"ppv_mm_s","op":">","value":0.25,"clearValue":0.2,"sustainSeconds":30}""", typeof(ThresholdCondition))]
    [InlineData("""{"kind":"rate_of_change","metric":"crack_mm","op":">","value":0.05,"per":"hour","windowSeconds":7200,"averageOver":3}""", typeof(RateOfChangeCondition))]
    [InlineData("""{"kind":"no_data","afterSeconds":900,"tamperSeverity":"red","tamperWindow":{"windows":[{"from":"19:00","to":"06:00"}]}}""", typeof(NoDataCondition))]
    [InlineData("""{"kind":"geofence","event":"dwell","zoneKinds":["protection"],"dwellSeconds":600,"debounceSeconds":30,"maxHdop":5}""", typeof(GeofenceCondition))]
    [InlineData("""{"kind":"correlation","windowSeconds":120,"signals":[{"name":"sound","metric":"ground_sound_db","op":">","value":45},{"metric":"pir_count","op":">=","value":3}]}""", typeof(CorrelationCondition))]
    public void EveryKind_MapsAndRoundTrips(string conditionJson, Type expected)
    {
        var json = $$"""{"id":"r","name":"r","severity":"red","source":"GB/T 50452-2008","schedule":{"windows":[{"from":"20:00","to":"06:00"}],"weekdays":["fri"]},"condition":{{conditionJson}}}""";
        var rule = RuleDefinitionMapper.TryMap(JsonSerializer.Deserialize<RuleDefinition>(json), Names, out var errors);

        Assert.Empty(errors);
        Assert.IsType(expected, rule!.Condition);
        Assert.Equal("GB/T 50452-2008", rule.Source);
        var again = RuleDefinitionMapper.TryMap(RuleDefinitionMapper.ToDefinition(rule), Names, out errors);
        Assert.Empty(errors);
        Assert.Equal(
            JsonSerializer.Serialize(RuleDefinitionMapper.ToDefinition(rule)),
            JsonSerializer.Serialize(RuleDefinitionMapper.ToDefinition(again!)));
    }

    [Theory]
    [InlineData("""{"kind":"magic"}""", "condition.kind")]
    [InlineData("""{"metric":"ppv_mm_s","op":">","value":0.25,"clearValue":0.3}""", "condition.clearValue")]
    [InlineData("""{"metric":"ppv_mm_s","op":">","value":0.25,"sustainReadings":0}""", "condition.sustainReadings")]
    [InlineData("""{"kind":"rate_of_change","metric":"crack_mm","op":">","value":0.05,"windowSeconds":60}""", "condition.per")]
    [InlineData("""{"kind":"no_data"}""", "condition.afterSeconds")]
    [InlineData("""{"kind":"no_data","afterSeconds":-5}""", "condition.afterSeconds")]
    [InlineData("""{"kind":"geofence","event":"enter"}""", "condition.zoneIds")]
    [InlineData("""{"kind":"geofence","event":"enter","zoneIds":["nope"]}""", "condition.zoneIds")]
    [InlineData("""{"kind":"geofence","event":"dwell","zoneKinds":["protection"]}""", "condition.dwellSeconds")]
    [InlineData("""{"kind":"geofence","event":"hover","zoneKinds":["protection"]}""", "condition.event")]
    [InlineData("""{"kind":"correlation","windowSeconds":60,"signals":[{"metric":"pir_count","op":">=","value":3}]}""", "condition.signals")]
    [InlineData("""{"kind":"correlation","windowSeconds":60,"signals":[{"metric":"a","op":">","value":1},{"metric":"b","op":"~","value":1}]}""", "condition.signals[1].op")]
    [InlineData("""{"kind":"correlation","signals":[{"metric":"a","op":">","value":1},{"metric":"b","op":">","value":1}]}""", "condition.windowSeconds")]
    public void BadCondition_NamesTheField(string conditionJson, string field)
    {
        var json = $$"""{"id":"r","name":"r","severity":"red","condition":{{conditionJson}}}""";

        Assert.Null(RuleDefinitionMapper.TryMap(JsonSerializer.Deserialize<RuleDefinition>(json), Names, out var errors));
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Scope_ProtectionLevelsAndNear_MapInMetres()
    {
        var json = """
            {"id":"wall","name":"城墙附近","severity":"orange",
             "scope":{"protectionLevels":["national"],"near":{"wkt":"LINESTRING (118.30 36.87, 118.34 36.87)","metres":50}},
             "condition":{"metric":"ppv_mm_s","op":">","value":2}}
            """;
        var rule = RuleDefinitionMapper.TryMap(JsonSerializer.Deserialize<RuleDefinition>(json), Names, out var errors)!;

        Assert.Empty(errors);
        var near = rule.Scope.Near!;
        Assert.True(near.Contains(36.87 + (45 / 111_000.0), 118.32));  // ~45 m north of the line
        Assert.False(near.Contains(36.87 + (60 / 111_000.0), 118.32)); // ~60 m north
        Assert.True(rule.Scope.IsLocational);
    }

    [Theory]
    [InlineData("""{"protectionLevels":["world"]}""", "scope.protectionLevels")]
    [InlineData("""{"near":{"wkt":"LINESTRING (118.30 36.87, 118.34 36.87)"}}""", "scope.near.metres")]
    [InlineData("""{"near":{"wkt":"NOT WKT","metres":50}}""", "scope.near.wkt")]
    [InlineData("""{"cellIds":["qd-r9c9"]}""", "scope.cellIds")]
    public void BadScope_NamesTheField(string scopeJson, string field)
    {
        var json = $$"""{"id":"r","name":"r","severity":"red","scope":{{scopeJson}},"condition":{"metric":"ppv_mm_s","op":">","value":1} }""";

        Assert.Null(RuleDefinitionMapper.TryMap(JsonSerializer.Deserialize<RuleDefinition>(json), Names, out var errors));
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Geofence_WithLocationalScope_IsRefused()
    {
        var json = """{"id":"r","name":"r","severity":"red","scope":{"zoneKinds":["protection"]},"condition":{"kind":"geofence","event":"enter","zoneKinds":["protection"]}}""";

        Assert.Null(RuleDefinitionMapper.TryMap(JsonSerializer.Deserialize<RuleDefinition>(json), Names, out var errors));
        Assert.Contains("scope", errors.Keys);
    }
}
