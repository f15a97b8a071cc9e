using System.Globalization;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Influx;

/// <summary>Zero loss while InfluxDB is down: the journal holds the stream and the writer catches up.</summary>
public sealed class InfluxOutageTests : IDisposable
{
    private const int Rounds = 200;
    private const int BatchSize = 10;
    private const int OutageStartsAtRound = 40;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    // Ten demo devices of the horse pit; each publishes Rounds batches of BatchSize readings: 20,000 in all.
    private static readonly string[] Devices =
        ["hp-vib-01", "hp-vib-02", "hp-snd-01", "hp-snd-02", "hp-pir-01", "hp-pir-02", "hp-clim-01", "hp-co2-01", "hp-crack-01", "hp-tilt-01"];

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task InfluxDownForTenSeconds_UnderAStream_EveryAcknowledgedReadingIsStoredOnce()
    {
        await using var influx = await InfluxRig.StartAsync();
        await using var app = new HeritageApp(_data.Path, systemClock: true, settings: influx.Settings);
        var clients = await Task.WhenAll(Devices.Select(d => app.ConnectDeviceAsync(d, HeritageApp.DemoDeviceSecret)));
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var acknowledged = 0;
        Task<long>? outage = null;
        using var api = await app.ClientAsAsync("maintenance");

        for (var round = 0; round < Rounds; round++)
        {
            if (round == OutageStartsAtRound)
            {
                outage = RunOutageAsync(influx, api);
            }

            var acks = await Task.WhenAll(clients.Select((client, d) =>
                client.PublishAsync(Topics.Telemetry("horse-pit", Devices[d]), Batch(start, round))));
            acknowledged += acks.Count(a => a.ReasonCode == MqttClientPublishReasonCode.Success) * BatchSize;
            await Task.Delay(50, TestContext.Current.CancellationToken); // A steady stream, not one burst.
        }

        var backlogDuringOutage = await outage!;
        Assert.True(backlogDuringOutage > 0, "the writer should have fallen behind while InfluxDB was down");
        Assert.Equal(Rounds * BatchSize * Devices.Length, acknowledged);
        await Eventually.True(
            async () => await influx.ScalarAsync("SELECT count(\"x_test\") FROM \"telemetry\"") == acknowledged,
            $"all {acknowledged} acknowledged readings in InfluxDB",
            TimeSpan.FromSeconds(90));

        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(acknowledged, stats!.Accepted);
        Assert.Equal(0, stats.ParkedPoints);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>Stops influxd for <see cref="Outage"/>; returns the time-series writer's backlog just before it returns.</summary>
    private static async Task<long> RunOutageAsync(InfluxRig influx, HttpClient api)
    {
        await influx.StopInfluxdAsync();
        await Task.Delay(Outage, TestContext.Current.CancellationToken);
        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        await influx.StartInfluxdAsync();
        return stats!.Consumers["timeseries"].Backlog;
    }

    private static string Batch(DateTimeOffset start, int round)
    {
        var readings = Enumerable.Range(0, BatchSize).Select(i =>
        {
            var n = (round * BatchSize) + i;
            var ts = start.AddMilliseconds(n).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            return $$$"""{"ts":"{{{ts}}}","seq":{{{n + 1}}},"readings":{"x_test":{{{n}}}}}""";
        });
        return "[" + string.Join(",", readings) + "]";
    }

    public void Dispose() => _data.Dispose();
}
