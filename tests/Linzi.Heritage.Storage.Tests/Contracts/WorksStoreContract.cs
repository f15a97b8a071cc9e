using System.Text.Json;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Works;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IWorksStore"/> must do, from the port's documentation.</summary>
public abstract class WorksStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A works store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IWorksStore CreateSut();

    private static Permit PermitOf(string id, string contractor = "临淄古建公司") =>
        new(id, "淄文旅许〔2026〕12号", contractor, Wkt.Parse("POLYGON ((118.33 36.86, 118.34 36.86, 118.34 36.87, 118.33 36.87, 118.33 36.86))"),
            T0, T0.AddDays(30), ["hp-vibration"], "bureau", T0.AddDays(-1));

    private static MaintenanceWindow DeviceWindow(string id, string reason = "更换电池") =>
        new(id, "hp-vib-01", null, T0, T0.AddHours(4), reason, "maint-01", T0.AddMinutes(-5));

    private static MaintenanceWindow SiteWindow(string id) =>
        new(id, null, "horse-pit", T0.AddDays(-10), T0.AddDays(-9), "围栏施工", "bureau", T0.AddDays(-11));

    // The domain's JSON forms: geometry as WKT, lists by value.
    private static string Json(Permit permit) => JsonSerializer.Serialize(WorksMapper.ToDefinition(permit));

    private static string Json(MaintenanceWindow window) => JsonSerializer.Serialize(WorksMapper.ToDefinition(window));

    [Fact]
    public void Load_New_IsEmpty()
    {
        var works = CreateSut().Load();

        Assert.Empty(works.Permits);
        Assert.Empty(works.Maintenance);
    }

    [Fact]
    public void SavePermit_ThenLoadAfterReopen_ReturnsItUnchanged()
    {
        var permit = PermitOf("p1") with { RuleIds = [] };
        CreateSut().Save(permit);
        CreateSut().Save(PermitOf("p2"));

        var permits = CreateSut().Load().Permits.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

        Assert.Equal([Json(permit), Json(PermitOf("p2"))], permits.Select(Json));
        Assert.True(permit.Area.EqualsExact(permits[0].Area));
    }

    [Fact]
    public void SaveWindow_ThenLoadAfterReopen_ReturnsDeviceAndSiteWindows_ExpiredOnesIncluded()
    {
        CreateSut().Save(DeviceWindow("w1"));
        CreateSut().Save(SiteWindow("w2"));

        var windows = CreateSut().Load().Maintenance.OrderBy(w => w.Id, StringComparer.Ordinal);

        Assert.Equal([DeviceWindow("w1"), SiteWindow("w2")], windows);
    }

    [Fact]
    public void Save_SameId_Replaces()
    {
        var sut = CreateSut();
        sut.Save(PermitOf("p1"));
        sut.Save(DeviceWindow("w1"));

        sut.Save(PermitOf("p1", contractor: "另一家公司"));
        sut.Save(DeviceWindow("w1", reason: "校准"));

        var works = sut.Load();
        Assert.Equal(Json(PermitOf("p1", contractor: "另一家公司")), Json(Assert.Single(works.Permits)));
        Assert.Equal(DeviceWindow("w1", reason: "校准"), Assert.Single(works.Maintenance));
    }

    [Fact]
    public void PermitAndWindow_WithTheSameId_AreKeptApart()
    {
        var sut = CreateSut();
        sut.Save(PermitOf("shared-id"));
        sut.Save(DeviceWindow("shared-id"));

        Assert.False(sut.DeleteMaintenance("p-none"));
        Assert.True(sut.DeleteMaintenance("shared-id"));

        var works = CreateSut().Load();
        Assert.Equal(Json(PermitOf("shared-id")), Json(Assert.Single(works.Permits)));
        Assert.Empty(works.Maintenance);
        Assert.False(sut.DeletePermit("p-none"));
    }

    [Fact]
    public void Delete_APermitOrAWindow_ReturnsTrue_AndSecondTimeFalse()
    {
        var sut = CreateSut();
        sut.Save(PermitOf("p1"));
        sut.Save(PermitOf("p2"));
        sut.Save(DeviceWindow("w1"));

        Assert.True(sut.DeletePermit("p1"));
        Assert.True(sut.DeleteMaintenance("w1"));
        Assert.False(sut.DeletePermit("p1"));
        Assert.False(sut.DeleteMaintenance("never-was"));

        var works = CreateSut().Load();
        Assert.Equal(["p2"], works.Permits.Select(p => p.Id));
        Assert.Empty(works.Maintenance);
    }

    [Fact]
    public void Hits_Unknown_AreZeroWithoutATime()
    {
        Assert.Equal((0L, (DateTimeOffset?)null), CreateSut().Hits("p1"));
    }

    [Fact]
    public void AddHits_AddsCountsAndKeepsTheLatestTime()
    {
        var sut = CreateSut();
        sut.AddHits(new Dictionary<string, (long, DateTimeOffset)> { ["p1"] = (2, T0.AddMinutes(10)) });

        sut.AddHits(new Dictionary<string, (long, DateTimeOffset)> { ["p1"] = (3, T0.AddMinutes(5)), ["w1"] = (1, T0.AddMinutes(7)) });
        sut.AddHits(new Dictionary<string, (long, DateTimeOffset)>());

        var reopened = CreateSut();
        Assert.Equal((5L, (DateTimeOffset?)T0.AddMinutes(10)), reopened.Hits("p1"));
        Assert.Equal((1L, (DateTimeOffset?)T0.AddMinutes(7)), reopened.Hits("w1"));
    }
}
