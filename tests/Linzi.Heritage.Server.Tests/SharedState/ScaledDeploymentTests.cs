using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Server.Tests.ExternalBroker;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.SharedState;

/// <summary>
/// The scaled deployment for real: three instances on one PostgreSQL and one Redis, behind one Mosquitto that splits
/// the devices' stream between them through a shared subscription. Every reading is stored once, by the instance the
/// broker handed it to, and every alert is raised once, whichever instances saw the breach.
/// </summary>
public sealed class ScaledDeploymentTests(SharedStateRig rig) : IClassFixture<SharedStateRig>, IDisposable
{
    private const string Rule = "horse-pit-ppv-red"; // the demo's: ppv above 0.25 mm/s in the pit's protection zone
    private readonly TempDirectory _keys = new();
    private readonly List<TempDirectory> _data = [];
    private readonly List<HeritageApp> _instances = [];

    [Fact]
    public async Task ThreeInstances_SharedSubscription_30000ReadingsFrom300Devices_StoredOnce_EachAlertRaisedOnce()
    {
        const int PerDevice = 100;
        await using var broker = await MosquittoRig.StartOpenAsync();
        var ids = await StartAsync(broker, devices: 300);
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);

        await StreamAsync(broker, ids, start, PerDevice);

        var stored = await StoredAsync(ids, start, ids.Count * PerDevice);
        Assert.Equal(ids.Count * PerDevice, stored.Count);
        Assert.Equal(ids.Count * PerDevice, stored.Distinct().Count());
        Assert.All(_instances, instance => Assert.True(instance.Services.GetRequiredService<IngestionStats>().Accepted > 0, "every instance takes a share"));

        // Raised once: one alert per breaching device, all its readings counted on it, through whichever instance.
        var alerts = await AlertsAsync(ids, PerDevice);
        Assert.Equal(Breaching(ids), alerts.Select(a => a.DeviceId).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.Equal(PerDevice, a.Occurrences));
    }

    [Fact]
    public async Task RollingRestartOfAllThree_DuringAStream_LosesNothing_AndRaisesNoAlertTwice()
    {
        const int PerDevice = 150;
        await using var broker = await MosquittoRig.StartOpenAsync();
        var ids = await StartAsync(broker, devices: 60);
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);

        var stream = StreamAsync(broker, ids, start, PerDevice);
        for (var i = 0; i < _instances.Count; i++)
        {
            await Eventually.True(() => Task.FromResult(stream.IsCompleted || _instances[i].Services.GetRequiredService<IngestionStats>().Accepted > 0), "the instance to take part");
            var settings = _instances[i].Settings;
            await _instances[i].DisposeAsync();                          // a clean stop: its leases pass on at once
            _instances[i] = await StartInstanceAsync(_data[i].Path, settings); // the same data directory: its own backlog first
        }

        await stream;

        var stored = await StoredAsync(ids, start, ids.Count * PerDevice);
        Assert.Equal(ids.Count * PerDevice, stored.Count);
        Assert.Equal(ids.Count * PerDevice, stored.Distinct().Count());
        var alerts = await AlertsAsync(ids, PerDevice);
        Assert.Equal(Breaching(ids), alerts.Select(a => a.DeviceId).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        foreach (var instance in _instances)
        {
            instance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _keys.Dispose();
        foreach (var data in _data)
        {
            data.Dispose();
        }
    }

    // Every tenth device is in breach for its whole stream; the others are quiet.
    private static bool InBreach(int device) => device % 10 == 0;

    private static IEnumerable<string> Breaching(IReadOnlyList<string> ids) => ids.Where((_, d) => InBreach(d)).Order(StringComparer.Ordinal);

    // Three instances, one after another (the first migrates the database and seeds the demo), and the devices
    // imported through the first and in force on all three.
    private async Task<IReadOnlyList<string>> StartAsync(MosquittoRig broker, int devices)
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        for (var i = 1; i <= 3; i++)
        {
            var settings = deployment.Instance($"i{i}");
            foreach (var (key, value) in broker.Settings($"linzi-{i}", "linzi"))
            {
                settings[key] = value;
            }

            var data = new TempDirectory();
            _data.Add(data);
            _instances.Add(await StartInstanceAsync(data.Path, settings));
        }

        var ids = Enumerable.Range(0, devices).Select(d => $"ld-vib-{d:000}").ToList();
        await ImportDevicesAsync(_instances[0], ids);
        foreach (var instance in _instances)
        {
            var registry = instance.Services.GetRequiredService<RegistryHolder>();
            await Eventually.True(() => Task.FromResult(ids.All(registry.Current.Devices.ContainsKey)), "the devices in every instance's snapshot");
        }

        return ids;
    }

    private static async Task<HeritageApp> StartInstanceAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var app = new HeritageApp(dataDirectory, systemClock: true, settings: settings);
        using var api = await app.ClientAsAsync("bureau");
        await HeritageApp.WaitUntilReadyAsync(api);
        return app;
    }

    private static async Task StreamAsync(MosquittoRig broker, IReadOnlyList<string> ids, DateTimeOffset start, int perDevice)
    {
        var devices = ids.Select((id, d) => new StreamingDevice(id, "horse-pit", broker.Port, start, _ => InBreach(d) ? "\"ppv_mm_s\":0.7" : "\"ppv_mm_s\":0.1")).ToList();
        try
        {
            for (var n = 0; n < perDevice; n++)
            {
                await Task.WhenAll(devices.Select(d => d.PublishAsync(n)));
            }
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }

    // Stored once: each reading is in exactly one instance's store (each keeps the share the broker gave it).
    private Task<List<(string Device, DateTimeOffset Ts)>> StoredAsync(IReadOnlyList<string> ids, DateTimeOffset start, int expected) =>
        Eventually.Get(
            async () =>
            {
                var points = new List<(string Device, DateTimeOffset Ts)>();
                foreach (var instance in _instances)
                {
                    var store = instance.Services.GetRequiredService<ITimeSeriesStore>();
                    foreach (var id in ids)
                    {
                        var series = await store.QueryAsync(new HistoryQuery(id, "ppv_mm_s", start.AddMinutes(-1), start.AddMinutes(1), null), TestContext.Current.CancellationToken);
                        points.AddRange(series.Select(p => (id, p.Ts)));
                    }
                }

                return points.Count >= expected ? points : null;
            },
            "every reading stored",
            TimeSpan.FromMinutes(2));

    // The alerts of the rule once every breaching reading is counted on them, through the second instance.
    private async Task<List<AlertDto>> AlertsAsync(IReadOnlyList<string> ids, int perDevice)
    {
        using var bureau = await _instances[1].ClientAsAsync("bureau");
        return await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?limit=1000", TestContext.Current.CancellationToken))!
                .Where(a => a.RuleId == Rule).ToList() is var list && list.Sum(a => a.Occurrences) >= Breaching(ids).Count() * perDevice ? list : null,
            "every breach counted");
    }

    // The devices beside hp-vib-01, inside the horse pit's protection zone, through the registry import.
    private static async Task ImportDevicesAsync(HeritageApp app, IReadOnlyList<string> ids)
    {
        using var bureau = await app.ClientAsAsync("bureau");
        var document = JsonNode.Parse(await bureau.GetStringAsync("/api/registry/export", TestContext.Current.CancellationToken))!;
        var devices = document["devices"]!.AsArray();
        var template = devices.Single(d => (string?)d!["id"] == "hp-vib-01")!;
        foreach (var id in ids)
        {
            var device = template.DeepClone();
            device["id"] = id;
            device["name"] = "测试振动 " + id;
            devices.Add(device);
        }

        using var content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await bureau.PostAsync("/api/registry/import?dryRun=false", content, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
