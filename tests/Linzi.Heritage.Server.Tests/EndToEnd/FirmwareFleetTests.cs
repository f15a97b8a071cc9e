using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary>The simulator's device behaviour against the in-process server: store-and-forward, commands, scale.</summary>
public sealed class FirmwareFleetTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _buffers = new();

    [Fact]
    public async Task BrokerRestart_DuringARun_EveryReadingArrivesOnce_InOrder_WithoutGaps()
    {
        var port = HeritageApp.FreePort();
        var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true, mqttPort: port);
        var options = new SimOptions
        {
            Api = app.HttpAddress, MqttPort = port, DevicePrefix = "hp-clim", Interval = TimeSpan.FromSeconds(1),
            BufferDirectory = _buffers.Path, Scenario = "normal",
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = Task.Run(() => FleetRunner.RunWithSummaryAsync(options, TimeProvider.System, TextWriter.Null, stop.Token), stop.Token);

        using (var before = await app.ClientAsAsync("bureau"))
        {
            await Eventually.True(async () => run.IsCompleted || await PointsAsync(before, "hp-clim-01", "rh_pct") >= 2, "readings before the outage");
        }

        await app.DisposeAsync(); // the broker goes away; the device buffers and retries with back-off

        // Readings the broker never acknowledged wait in the device's store-and-forward file.
        var outage = await Eventually.Get(
            () => Task.FromResult(new DeviceBuffer("hp-clim-01", _buffers.Path, options.BufferCapacity) is { Pending.Count: >= 2 } b ? b : null),
            "readings buffered during the outage");
        await using var restarted = new HeritageApp(_data.Path, realHttp: true, systemClock: true, mqttPort: port);
        using var bureau = await restarted.ClientAsAsync("bureau");

        // Back-off of at most 10 s so far, then the replay: every reading up to the outage's last one arrives.
        await Eventually.True(
            async () => run.IsCompleted || await PointsAsync(bureau, "hp-clim-01", "rh_pct") >= outage.Seq, $"readings 1 to {outage.Seq} after the restart",
            TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        var summary = await run;

        Assert.True(summary.Reconnects >= 1, $"the device reconnected: {summary}");
        Assert.True(summary.Buffered == 0, $"nothing left buffered: {summary}");
        var history = await Eventually.History(bureau, "hp-clim-01", "?metric=rh_pct&from=2026-01-01T00:00:00Z", (int)summary.Taken);
        Assert.Equal(summary.Taken, history.Points.Count); // exactly once
        Assert.Equal(history.Points.OrderBy(p => p.Ts).Select(p => p.Ts), history.Points.Select(p => p.Ts)); // in order
        var stats = await bureau.GetFromJsonAsync<JsonElement>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(0, stats.GetProperty("sequenceGaps").GetInt64()); // since the restart, seq rose by one per reading
    }

    [Fact]
    public async Task Device_ObeysSampleIntervalFromItsCmdTopic()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var options = new SimOptions { Api = app.HttpAddress, MqttPort = app.MqttPort, DevicePrefix = "hp-co2", Interval = TimeSpan.FromSeconds(60) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = Task.Run(() => FleetRunner.RunWithSummaryAsync(options, TimeProvider.System, TextWriter.Null, stop.Token), stop.Token);

        // The device subscribes to its cmd topic before it takes its first reading.
        await Eventually.True(async () => run.IsCompleted || await PointsAsync(maintenance, "hp-co2-01", "co2_ppm") >= 1, "the first reading");
        using var configured = await maintenance.PostAsJsonAsync("/api/devices/hp-co2-01/config", new DeviceConfig(1), TestContext.Current.CancellationToken);
        using var forbidden = await inspector.PostAsJsonAsync("/api/devices/hp-co2-01/config", new DeviceConfig(1), TestContext.Current.CancellationToken);
        using var invalid = await maintenance.PostAsJsonAsync("/api/devices/hp-co2-01/config", new DeviceConfig(0), TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest), (configured.StatusCode, forbidden.StatusCode, invalid.StatusCode));

        // At one a minute the third reading would come two minutes on, long after this wait gives up.
        await Eventually.True(async () => run.IsCompleted || await PointsAsync(maintenance, "hp-co2-01", "co2_ppm") >= 3, "readings a second apart");
        await stop.CancelAsync();
        var summary = await run;

        Assert.InRange(summary.Taken, 3, (long)summary.Elapsed.TotalSeconds + 2); // one at start, then one a second, not more
    }

    [Fact]
    public async Task Smoke_AThousandGeneratedDevices_ConnectAndPublish()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);
        using var bureau = await app.ClientAsAsync("bureau");
        var credentials = Path.Combine(_buffers.Path, "credentials.json");
        var options = new SimOptions
        {
            Api = app.HttpAddress, MqttPort = app.MqttPort, Generate = 1000, GenerateSite = "horse-pit", CredentialsFile = credentials,
            Interval = TimeSpan.FromSeconds(5),
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var output = new StringWriter();
        var run = Task.Run(() => FleetRunner.RunWithSummaryAsync(options, TimeProvider.System, output, stop.Token), stop.Token);

        await Eventually.True(
            async () => run.IsFaulted ||
                        (await bureau.GetFromJsonAsync<JsonElement>("/api/ingestion/stats", TestContext.Current.CancellationToken)).GetProperty("accepted").GetInt64() >= 1000,
            "a reading from every generated device", TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        var summary = await run;

        Assert.Equal(1000, summary.Devices);
        Assert.True(summary.Published >= 1000, output.ToString());
        Assert.Equal(1000, JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(credentials, TestContext.Current.CancellationToken))!.Count);
        var devices = await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        Assert.Equal(1000, devices!.Count(d => d.Id.StartsWith("gen-horse-pit-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SensorFaults_OnDemand_StuckRepeatsOneValue_DropoutSendsNothing_SpikeJumps()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);
        using var bureau = await app.ClientAsAsync("bureau");
        async Task<FleetSummary> Run(string fault, string prefix)
        {
            var options = new SimOptions
            {
                Api = app.HttpAddress, MqttPort = app.MqttPort, DevicePrefix = prefix, Interval = TimeSpan.FromMilliseconds(250),
                Fault = fault, FaultAfter = TimeSpan.Zero,
            };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            stop.CancelAfter(TimeSpan.FromSeconds(4));
            return await FleetRunner.RunWithSummaryAsync(options, TimeProvider.System, TextWriter.Null, stop.Token);
        }

        var stuck = await Run("stuck", "hp-clim-01");
        var dropout = await Run("dropout", "hp-co2-01");
        var spike = await Run("spike", "hp-vib-02");

        var held = await Eventually.History(bureau, "hp-clim-01", "?metric=rh_pct&from=2026-01-01T00:00:00Z", (int)stuck.Taken);
        Assert.True(held.Points.Count >= 3);
        Assert.Single(held.Points.Select(p => p.Value).Distinct()); // a stuck sensor repeats itself
        Assert.Equal(0, dropout.Taken);
        var spiky = await Eventually.History(bureau, "hp-vib-02", "?metric=ppv_mm_s&from=2026-01-01T00:00:00Z", (int)spike.Taken);
        Assert.Contains(spiky.Points, p => p.Value > 0.1); // background is 0.02-0.04 mm/s; spikes are 5-25 times that
    }

    [Fact]
    public void ClockDrift_AccumulatesUntilTheNextSync_AndSeqRisesByOne()
    {
        var model = new DeviceModel(new Random(1), driftPpm: 50);
        var t0 = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        model.Sync(t0);
        var offset0 = model.Now(t0) - t0;
        var anHourLater = model.Now(t0.AddHours(1)) - t0.AddHours(1);
        Assert.InRange((anHourLater - offset0).TotalMilliseconds, 179, 181); // 50 ppm of an hour = 180 ms
        model.Sync(t0.AddHours(1));
        Assert.InRange(Math.Abs((model.Now(t0.AddHours(1)) - t0.AddHours(1)).TotalMilliseconds), 0, 10); // NTP on reconnect

        var buffer = new DeviceBuffer("d", _buffers.Path, capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            buffer.Add(seq => new Contracts.Mqtt.TelemetryMessage { Seq = seq, Readings = new Dictionary<string, double> { ["x"] = i } });
        }

        Assert.Equal([3L, 4L, 5L], buffer.Pending.Select(p => p.Seq!.Value)); // bounded: the oldest went
        Assert.Equal(2, buffer.Dropped);
        buffer.Acknowledged(2);
        var reopened = new DeviceBuffer("d", _buffers.Path, capacity: 3); // a restarted simulator
        Assert.Equal((5L, 1), (reopened.Seq, reopened.Pending.Count));
    }

    [Theory]
    [InlineData(1, 0.75, 1.25)]
    [InlineData(3, 3, 5)]
    [InlineData(20, 45, 75)]
    public void Reconnect_BacksOffExponentially_WithJitter(int failures, double min, double max)
    {
        var random = new Random(7);
        var waits = Enumerable.Range(0, 50).Select(_ => SimulatedDeviceBackoff(failures, random)).ToList();

        Assert.All(waits, w => Assert.InRange(w.TotalSeconds, min, max));
        Assert.True(waits.Distinct().Count() > 10, "jitter spreads the reconnects");
    }

    private static async Task<int> PointsAsync(HttpClient client, string deviceId, string metric) =>
        (await client.GetFromJsonAsync<HistoryResponse>(
            $"/api/devices/{deviceId}/readings?metric={metric}&from=2026-01-01T00:00:00Z", TestContext.Current.CancellationToken))!.Points.Count;

    private static TimeSpan SimulatedDeviceBackoff(int failures, Random random) => Backoffs.For(failures, random);

    public void Dispose()
    {
        _data.Dispose();
        _buffers.Dispose();
    }
}
