using System.Text.Json;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Registry;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Storage.Audit;
using Linzi.Heritage.Storage.Registry;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Works;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite.IO;

namespace Linzi.Heritage.Server.Tests.Registry;

/// <summary>Every kind of registry change goes through one editor: saved, swapped into the snapshot, and audited.</summary>
public sealed class RegistryEditorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 5, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly RegistryHolder _registry = new();
    private readonly WorksHolder _works = new();
    private DataFiles? _files;

    private DataFiles Files => _files ??= new DataFiles(_data.Path);

    private SqliteAuditLog Audit => new(Files);

    [Fact]
    public void Rules_CreateReplaceDelete_AreSavedSwappedAndAuditedWithBothVersions()
    {
        var sut = CreateSut();
        var rule = Rule(0.25);

        Assert.Equal(EditOutcome.Created, sut.CreateRule(rule, "bureau"));
        Assert.Equal(EditOutcome.Conflict, sut.CreateRule(rule, "bureau"));
        Assert.Equal(EditOutcome.Replaced, sut.ReplaceRule(Rule(0.3), "chief-linzi"));
        Assert.Equal(0.3, ((ThresholdCondition)Assert.Single(_registry.Current.Rules).Condition).Value);
        Assert.Equal(0.3, ((ThresholdCondition)Assert.Single(new SqliteRegistryStore(Files).Load().Rules).Condition).Value);
        Assert.Equal(EditOutcome.Deleted, sut.DeleteRule("hp-vibration", "bureau"));
        Assert.Equal(EditOutcome.NotFound, sut.DeleteRule("hp-vibration", "bureau"));
        Assert.Equal(EditOutcome.NotFound, sut.ReplaceRule(Rule(0.4), "bureau"));

        Assert.Empty(_registry.Current.Rules);
        Assert.Empty(new SqliteRegistryStore(Files).Load().Rules);
        var entries = Audit.Query("rule", "hp-vibration", 10).Reverse().ToList(); // oldest first
        Assert.Equal(["created", "replaced", "deleted"], entries.Select(e => e.Action));
        Assert.Equal(["bureau", "chief-linzi", "bureau"], entries.Select(e => e.Actor));
        Assert.All(entries, e => Assert.Equal(Now, e.At));
        Assert.Equal((null, 0.25), (entries[0].Before, Threshold(entries[0].After)));
        Assert.Equal((0.25, 0.3), (Threshold(entries[1].Before), Threshold(entries[1].After)));
        Assert.Equal((0.3, null), (Threshold(entries[2].Before), entries[2].After));
    }

    [Fact]
    public void Devices_ProvisioningAndConfigPushes_AreAudited_WithoutTheSecret()
    {
        var sut = CreateSut();
        var device = new Device("hp-vib-09", "horse-pit", "vibration", ["ppv_mm_s"], 118.35, 36.86, null);

        Assert.Equal(EditOutcome.Created, sut.AddDevice(device, "HASH-OF-SECRET", "maintenance"));
        Assert.Equal(EditOutcome.Conflict, sut.AddDevice(device, "OTHER", "maintenance"));
        sut.RecordDeviceCommand("hp-vib-09", new { sample_interval_s = 60 }, "maintenance");

        Assert.True(_registry.Current.Devices.ContainsKey("hp-vib-09"));
        Assert.Equal("HASH-OF-SECRET", new SqliteRegistryStore(Files).GetCredential("hp-vib-09")?.SecretHash);
        var entries = Audit.Query("device", "hp-vib-09", 10).Reverse().ToList();
        Assert.Equal(["created", "configured"], entries.Select(e => e.Action));
        Assert.DoesNotContain(entries, e => (e.After ?? "").Contains("HASH", StringComparison.Ordinal));
        Assert.Equal(60, JsonDocument.Parse(entries[1].After!).RootElement.GetProperty("sample_interval_s").GetInt32());
    }

    [Fact]
    public void PermitsAndWindows_PutKeepsTheFirstRegistration_DeleteIsAudited_AndKindsDoNotMix()
    {
        var sut = CreateSut();
        var area = new WKTReader().Read("POLYGON((118.34 36.85, 118.36 36.85, 118.36 36.87, 118.34 36.87, 118.34 36.85))");
        var permit = new Permit("P1", "临文旅〔2026〕12号", "城建公司", area, Now, Now.AddDays(30), ["hp-vibration"], "bureau", Now);
        var window = new MaintenanceWindow("M1", "hp-vib-01", null, Now, Now.AddHours(2), "更换电池", "maintenance", Now);

        Assert.Equal(EditOutcome.Created, sut.PutPermit(permit, "bureau").Outcome);
        var (outcome, saved) = sut.PutPermit(permit with { Contractor = "另一家", CreatedBy = "chief-linzi", CreatedAt = Now.AddDays(1) }, "chief-linzi");
        Assert.Equal(EditOutcome.Replaced, outcome);
        Assert.Equal(("另一家", "bureau", Now), (saved.Contractor, saved.CreatedBy, saved.CreatedAt));
        Assert.Equal(EditOutcome.Created, sut.PutMaintenance(window, "maintenance").Outcome);

        Assert.Equal(EditOutcome.NotFound, sut.DeleteMaintenance("P1", "maintenance")); // a permit is not a window
        Assert.Equal(EditOutcome.Deleted, sut.DeletePermit("P1", "bureau"));
        Assert.Equal(EditOutcome.Deleted, sut.DeleteMaintenance("M1", "maintenance"));

        Assert.Empty(_works.Current.Permits);
        Assert.Empty(new SqliteWorksStore(Files).Load().Maintenance);
        Assert.Equal(["created", "replaced", "deleted"], Audit.Query("permit", "P1", 10).Reverse().Select(e => e.Action));
        Assert.Equal(["created", "deleted"], Audit.Query("maintenance", "M1", 10).Reverse().Select(e => e.Action));
    }

    private RegistryEditor CreateSut() => new(
        new SqliteRegistryStore(Files), new SqliteWorksStore(Files), _registry, _works, Audit, _time, NullLogger<RegistryEditor>.Instance);

    private static Rule Rule(double limit) =>
        new("hp-vibration", "殉马坑振动", Severity.Red, RuleScope.Everything, new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, limit));

    private static double? Threshold(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.GetProperty("condition").GetProperty("value").GetDouble();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
