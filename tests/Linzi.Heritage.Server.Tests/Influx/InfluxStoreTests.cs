using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Influx;

/// <summary>The InfluxDB store against a real InfluxDB, through the public API.</summary>
public sealed class InfluxStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task RoundTrip_ReadingsComeBackRawAndDownsampled()
    {
        await using var influx = await InfluxRig.StartAsync();
        await using var app = new HeritageApp(_data.Path, settings: influx.Settings);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        var batch = string.Join(",", Enumerable.Range(0, 6).Select(i => $$$"""{"ts":"2026-11-26T13:0{{{i}}}:00Z","seq":{{{i + 1}}},"readings":{"rh_pct":{{{50 + i}}},"temp_c":9.5}}"""));

        var ack = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), "[" + batch + "]");

        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        using var api = await app.ClientAsAsync("bureau");
        var raw = await Eventually.History(api, "hp-clim-01", "?from=2026-11-26T12:00:00Z&to=2026-11-26T14:00:00Z", 12);
        Assert.Equal(
            Enumerable.Range(0, 6).SelectMany(i => new[] { ("rh_pct", 50.0 + i), ("temp_c", 9.5) }),
            raw.Points.Select(p => (p.Metric, p.Value)));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero), raw.Points[0].Ts);

        var downsampled = await api.GetFromJsonAsync<HistoryResponse>(
            "/api/devices/hp-clim-01/readings?metric=rh_pct&from=2026-11-26T12:00:00Z&to=2026-11-26T14:00:00Z&every=5m", TestContext.Current.CancellationToken);
        Assert.Equal(
            [(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero), 52.0, 50.0, 54.0, 5L), (new DateTimeOffset(2026, 11, 26, 13, 5, 0, TimeSpan.Zero), 55.0, 55.0, 55.0, 1L)],
            downsampled!.Points.Select(p => (p.Ts, p.Value, p.Min!.Value, p.Max!.Value, p.Count!.Value)));

        Assert.Equal(6, await influx.ScalarAsync("SELECT count(\"rh_pct\") FROM \"telemetry\" WHERE \"device\" = 'hp-clim-01' AND \"cell\" = 'qd-r1c5' AND \"zone\" = 'protection'"));

        using var pit = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await pit.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:00Z","readings":{"ppv_mm_s":0.9}}""");
        await Eventually.True(
            async () => await influx.ScalarAsync("SELECT count(\"value\") FROM \"alerts\" WHERE \"rule\" = 'horse-pit-ppv-red' AND \"severity\" = 'red' AND \"state\" = 'open'") == 1,
            "the alert in InfluxDB's alerts measurement");

        using var ready = JsonDocument.Parse(await api.GetStringAsync("/readyz", TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", ready.RootElement.GetProperty("checks").GetProperty("influxdb").GetProperty("status").GetString());
    }

    [Fact]
    public async Task PoisonPoint_IsParkedAndCounted_AndLaterPointsAreStored()
    {
        await using var influx = await InfluxRig.StartAsync();
        await using var app = new HeritageApp(_data.Path, settings: influx.Settings);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        // InfluxDB refuses a field named "time", though the contract's metric pattern allows the name.
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:00Z","seq":1,"readings":{"time":1}}""");
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:01Z","seq":2,"readings":{"ppv_mm_s":0.02}}""");
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:02Z","seq":3,"readings":{"ppv_mm_s":0.03}}""");

        using var api = await app.ClientAsAsync("maintenance");
        var history = await Eventually.History(api, "hp-vib-01", "?metric=ppv_mm_s", 2);
        Assert.Equal([0.02, 0.03], history.Points.Select(p => p.Value));
        // The checkpoint is saved just after the write, so the backlog reaches 0 a moment after the points show.
        var stats = await Eventually.Get(
            async () =>
            {
                var s = await api.GetFromJsonAsync<Ingestion.IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
                return s!.Consumers["timeseries"].Backlog == 0 ? s : null;
            },
            "the writer past the poison point");
        Assert.Equal(1, stats.ParkedPoints);
    }

    [Fact]
    public async Task InfluxDown_AtStart_ServerStaysReadyButDegraded()
    {
        await using var influx = await InfluxRig.StartAsync();
        await influx.StopInfluxdAsync();
        await using var app = new HeritageApp(_data.Path, settings: influx.Settings);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
    }

    public void Dispose() => _data.Dispose();
}
