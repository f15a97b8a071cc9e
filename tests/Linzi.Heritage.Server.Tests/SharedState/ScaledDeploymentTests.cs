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

    [Fact]
    public async Task ThreeInstances_SharedSubscription_30000ReadingsFrom300Devices_StoredOnce_EachAlertRaisedOnce()
    {
        const int Devices = 300;
        const int PerDevice = 100;
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var broker = await MosquittoRig.StartOpenAsync();
        var instances = new List<HeritageApp>();
        for (var i = 1; i <= 3; i++)
        {
            var settings = deployment.Instance($"i{i}");
            foreach (var (key, value) in broker.Settings($"linzi-{i}", "linzi"))
            {
                settings[key] = value;
            }

            var data = new TempDirectory();
            _data.Add(data);
            instances.Add(new HeritageApp(data.Path, systemClock: true, settings: settings));
            using var api = await instances[^1].ClientAsAsync("bureau"); // one after another: the first migrates and seeds
            await HeritageApp.WaitUntilReadyAsync(api);
        }

        try
        {
            var ids = Enumerable.Range(0, Devices).Select(d => $"ld-vib-{d:000}").ToList();
            await ImportDevicesAsync(instances[0], ids);
            foreach (var instance in instances)
            {
                var registry = instance.Services.GetRequiredService<RegistryHolder>();
                await Eventually.True(() => Task.FromResult(ids.All(registry.Current.Devices.ContainsKey)), "the devices in every instance's snapshot");
            }

            // Every tenth device is in breach for its whole stream; the others are quiet.
            var start = TimeProvider.System.GetUtcNow().AddHours(-1);
            var devices = ids.Select((id, d) => new StreamingDevice(id, "horse-pit", broker.Port, start, n => d % 10 == 0 ? "\"ppv_mm_s\":0.7" : "\"ppv_mm_s\":0.1")).ToList();
            for (var n = 0; n < PerDevice; n++)
            {
                await Task.WhenAll(devices.Select(d => d.PublishAsync(n)));
            }

            devices.ForEach(d => d.Dispose());

            // Stored once: each reading is in exactly one instance's store.
            var stored = await Eventually.Get(
                async () =>
                {
                    var points = new List<(string Device, DateTimeOffset Ts)>();
                    foreach (var instance in instances)
                    {
                        var store = instance.Services.GetRequiredService<ITimeSeriesStore>();
                        foreach (var id in ids)
                        {
                            var series = await store.QueryAsync(new HistoryQuery(id, "ppv_mm_s", start.AddMinutes(-1), start.AddMinutes(1), null), TestContext.Current.CancellationToken);
                            points.AddRange(series.Select(p => (id, p.Ts)));
                        }
                    }

                    return points.Count >= Devices * PerDevice ? points : null;
                },
                "every reading stored",
                TimeSpan.FromMinutes(2));
            Assert.Equal(Devices * PerDevice, stored.Count);
            Assert.Equal(Devices * PerDevice, stored.Distinct().Count());
            Assert.All(instances, instance => Assert.True(
                instance.Services.GetRequiredService<IngestionStats>().Accepted > 0, "every instance takes a share"));

            // Raised once: one alert per breaching device, all its readings counted on it, through whichever instance.
            using var bureau = await instances[1].ClientAsAsync("bureau");
            var alerts = await Eventually.Get(
                async () => (await bureau.GetFromJsonAsync<List<AlertDto>>($"/api/alerts?limit=1000", TestContext.Current.CancellationToken))!
                    .Where(a => a.RuleId == Rule).ToList() is var list && list.Sum(a => a.Occurrences) >= Devices / 10 * PerDevice ? list : null,
                "every breach counted");
            Assert.Equal(ids.Where((_, d) => d % 10 == 0).Order(StringComparer.Ordinal), alerts.Select(a => a.DeviceId).Order(StringComparer.Ordinal));
            Assert.All(alerts, a => Assert.Equal(PerDevice, a.Occurrences));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        _keys.Dispose();
        foreach (var data in _data)
        {
            data.Dispose();
        }
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
