using System.Text.Json;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IRegistryStore"/> must do, from the port's documentation.</summary>
public abstract class RegistryStoreContract
{
    /// <summary>A registry store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IRegistryStore CreateSut();

    private static readonly Site HorsePit = new("horse-pit", "东周殉马坑", "Eastern Zhou Horse Pit", ProtectionLevel.National, ["bone", "earth"], 36.86, 118.33, "chief-li",
        SiteKind.Tomb, Staffed: true, new SiteStewards(new StewardPerson("河崖头村文物长", null, "chief-li"), null, new StewardPerson("王大爷", "138 0000 0000", null)));

    private static readonly Zone HorsePitZone =
        new("hp-pz", "horse-pit", ZoneKind.Protection, "殉马坑保护范围", Wkt.Parse("POLYGON ((118.33 36.86, 118.34 36.86, 118.34 36.87, 118.33 36.87, 118.33 36.86))"));

    private static readonly GridCell Cell =
        new("qd-r1c5", "齐都 r1c5", Wkt.Parse("POLYGON ((118.32 36.85, 118.35 36.85, 118.35 36.88, 118.32 36.88, 118.32 36.85))"), "insp-01", "village-01", "township-01", "district-01", "high");

    private static readonly Device Vibration = new("hp-vib-01", "horse-pit", "vibration", ["ppv_mm_s"], 36.865, 118.335, "振动 1");

    private static readonly Device DrillTracker = new("hp-gnss-09", "horse-pit", "gnss", ["lat", "lon"], 36.865, 118.335) { Drill = true };

    private static Rule RuleOf(string id, double limit) =>
        new(id, "殉马坑振动", Severity.Red,
            new RuleScope(["horse-pit"], [ZoneKind.Protection], ["qd-r1c5"], ["vibration"]),
            new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, limit) { ClearValue = limit / 2 },
            Enabled: false, Message: "振动超限")
        {
            Source = "GB/T 50452-2008",
            AutoClear = false,
        };

    private static RegistryData Seed() => new([HorsePit], [HorsePitZone], [Cell], [Vibration, DrillTracker], [RuleOf("hp-vibration", 0.25)]);

    // The domain's own JSON form of a rule: lists and conditions compared by value.
    private static string Json(Rule rule) => JsonSerializer.Serialize(RuleDefinitionMapper.ToDefinition(rule));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void IsEmpty_New_IsTrue()
    {
        Assert.True(CreateSut().IsEmpty());
    }

    [Fact]
    public void Load_New_IsEmpty()
    {
        var data = CreateSut().Load();

        Assert.Equal(0, data.Sites.Count + data.Zones.Count + data.Cells.Count + data.Devices.Count + data.Rules.Count);
    }

    [Fact]
    public void Save_ThenLoadAfterReopen_ReturnsEverything()
    {
        CreateSut().Save(Seed(), new Dictionary<string, string> { [Vibration.Id] = "hash-1" });

        var sut = CreateSut();
        var data = sut.Load();

        Assert.False(sut.IsEmpty());
        Assert.Equal(Json(HorsePit), Json(Assert.Single(data.Sites)));
        var zone = Assert.Single(data.Zones);
        Assert.Equal((HorsePitZone.Id, HorsePitZone.SiteId, HorsePitZone.Kind, HorsePitZone.Name), (zone.Id, zone.SiteId, zone.Kind, zone.Name));
        Assert.True(HorsePitZone.Area.EqualsExact(zone.Area), zone.Area.ToText());
        var cell = Assert.Single(data.Cells);
        Assert.Equal(Cell.Chain, cell.Chain);
        Assert.Equal((Cell.Id, Cell.Name, Cell.RiskLevel), (cell.Id, cell.Name, cell.RiskLevel));
        Assert.True(Cell.Area.EqualsExact(cell.Area), cell.Area.ToText());
        Assert.Equal([Json(DrillTracker), Json(Vibration)], data.Devices.Select(Json).Order(StringComparer.Ordinal));
        Assert.True(data.Devices.Single(d => d.Id == DrillTracker.Id).Drill);
        Assert.Equal(Json(RuleOf("hp-vibration", 0.25)), Json(Assert.Single(data.Rules)));
    }

    [Fact]
    public void Save_StoresTheGivenSecretHashes()
    {
        CreateSut().Save(Seed(), new Dictionary<string, string> { [Vibration.Id] = "hash-1" });

        var sut = CreateSut();

        Assert.Equal("hash-1", sut.GetCredential(Vibration.Id)?.SecretHash);
        Assert.Null(sut.GetCredential(DrillTracker.Id)?.SecretHash);
        Assert.Null(sut.GetCredential("unknown")?.SecretHash);
    }

    [Fact]
    public void TryAddDevice_NewId_AddsTheDeviceAndItsSecret()
    {
        var sut = CreateSut();
        sut.Save(Seed(), new Dictionary<string, string>());
        var added = new Device("hp-rh-02", "horse-pit", "climate", ["rh_pct", "temp_c"], 36.866, 118.336);

        Assert.True(sut.TryAddDevice(added, "hash-2"));

        var reopened = CreateSut();
        Assert.Equal(Json(added), Json(reopened.Load().Devices.Single(d => d.Id == added.Id)));
        Assert.Equal("hash-2", reopened.GetCredential(added.Id)?.SecretHash);
    }

    [Fact]
    public void TryAddDevice_TakenId_ReturnsFalse_AndKeepsTheOriginal()
    {
        var sut = CreateSut();
        sut.Save(Seed(), new Dictionary<string, string> { [Vibration.Id] = "hash-1" });

        var added = sut.TryAddDevice(Vibration with { SiteId = "city-wall", Name = "impostor" }, "hash-evil");

        Assert.False(added);
        Assert.Equal("hash-1", sut.GetCredential(Vibration.Id)?.SecretHash);
        Assert.Equal(Json(Vibration), Json(sut.Load().Devices.Single(d => d.Id == Vibration.Id)));
    }

    [Fact]
    public async Task TryAddDevice_OneIdAddedFourTimesAtOnce_AddsItOnce_AndKeepsThatSecret()
    {
        var sut = CreateSut();
        for (var round = 0; round < 20; round++)
        {
            var id = $"hp-vib-race-{round}";
            using var start = new Barrier(4);
            var added = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(
                () =>
                {
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    return (Added: sut.TryAddDevice(Vibration with { Id = id, Name = $"copy {i}" }, $"hash-{i}"), Hash: $"hash-{i}", Name: $"copy {i}");
                },
                TestContext.Current.CancellationToken)));

            // A look-then-insert lets two of them both find nothing: both "add", and the later one replaces the device.
            var winner = Assert.Single(added, a => a.Added);
            Assert.Equal(winner.Hash, sut.GetCredential(id)?.SecretHash);
            Assert.Equal(winner.Name, Assert.Single(sut.Load().Devices, d => d.Id == id).Name);
        }
    }

    [Fact]
    public void TryAddDevice_IntoAnEmptyStore_Works()
    {
        var sut = CreateSut();

        Assert.True(sut.TryAddDevice(Vibration, "hash-1"));
        Assert.False(sut.TryAddDevice(Vibration, "hash-2"));

        Assert.Equal("hash-1", sut.GetCredential(Vibration.Id)?.SecretHash);
        Assert.Single(sut.Load().Devices);
    }

    [Fact]
    public void SaveRule_InsertsOrReplaces()
    {
        var sut = CreateSut();
        sut.Save(Seed(), new Dictionary<string, string>());

        sut.SaveRule(RuleOf("hp-vibration", 0.5));
        sut.SaveRule(RuleOf("hp-vibration-night", 0.1));

        var rules = CreateSut().Load().Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(Json);
        Assert.Equal([Json(RuleOf("hp-vibration", 0.5)), Json(RuleOf("hp-vibration-night", 0.1))], rules);
    }

    [Fact]
    public void DeleteRule_Existing_ReturnsTrueAndRemovesIt_Missing_ReturnsFalse()
    {
        var sut = CreateSut();
        sut.Save(Seed(), new Dictionary<string, string>());

        Assert.True(sut.DeleteRule("hp-vibration"));
        Assert.False(sut.DeleteRule("hp-vibration"));
        Assert.False(sut.DeleteRule("never-was"));

        var data = CreateSut().Load();
        Assert.Empty(data.Rules);
        Assert.Equal(2, data.Devices.Count);
    }

    [Fact]
    public void Apply_PutsAndDeletesEveryKind_InOneChange()
    {
        var sut = CreateSut();
        sut.Save(Seed(), new Dictionary<string, string> { [Vibration.Id] = "hash-1" });
        var renamed = HorsePit with { NameEn = "Horse Pit" };
        var gap = Cell with { Id = "qd-r2c5", Inspector = "" };
        var retired = Vibration with { DecommissionedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero) };

        sut.Apply(new RegistryChange
        {
            Sites = [renamed],
            Cells = [gap],
            Devices = [retired],
            DeletedZones = [HorsePitZone.Id],
            DeletedDevices = [DrillTracker.Id],
            DeletedRules = ["hp-vibration"],
        });

        var data = CreateSut().Load();
        Assert.Equal("Horse Pit", Assert.Single(data.Sites).NameEn);
        Assert.Empty(data.Zones);
        Assert.Equal(["qd-r1c5", "qd-r2c5"], data.Cells.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.True(data.Cells.Single(c => c.Id == "qd-r2c5").IsGap);
        Assert.Equal(retired.DecommissionedAt, Assert.Single(data.Devices).DecommissionedAt);
        Assert.Empty(data.Rules);
        Assert.Equal("hash-1", sut.GetCredential(Vibration.Id)?.SecretHash);
    }

    [Fact]
    public void Apply_Credential_KeepsThePreviousSecretWithItsGrace()
    {
        var sut = CreateSut();
        Assert.True(sut.TryAddDevice(Vibration, "hash-1"));
        var until = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

        sut.Apply(new RegistryChange { Credentials = [new DeviceCredential(Vibration.Id, "hash-2", "hash-1", until)] });

        var credential = CreateSut().GetCredential(Vibration.Id)!;
        Assert.Equal(("hash-2", "hash-1", until), (credential.SecretHash, credential.PreviousSecretHash, credential.PreviousValidUntil));
        Assert.Equal(["hash-2", "hash-1"], credential.HashesValidAt(until.AddSeconds(-1)));
        Assert.Equal(["hash-2"], credential.HashesValidAt(until));
    }

    [Fact]
    public void Apply_DeletedDevice_LosesItsCredential()
    {
        var sut = CreateSut();
        Assert.True(sut.TryAddDevice(Vibration, "hash-1"));

        sut.Apply(new RegistryChange { DeletedDevices = [Vibration.Id] });

        Assert.Null(sut.GetCredential(Vibration.Id));
        Assert.Empty(sut.Load().Devices);
    }
}
