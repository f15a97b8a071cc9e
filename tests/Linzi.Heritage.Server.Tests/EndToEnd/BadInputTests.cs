using System.Net;
using System.Net.Http.Json;
using System.Text;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Storage.Rejections;
using MQTTnet;
using MQTTnet.Protocol;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _data = new();

    // Every rule of the telemetry contract broken once (the server's clock is HeritageApp.Start, 14:05Z).
    public static TheoryData<string, string> BrokenPayloads => new()
    {
        { """{"readings":{"ppv_mm_s":0.3}""", "malformed_json" },
        { """{"readings":{"ppv_mm_s":"0.3"}}""", "bad_value" },
        { """{"readings":{"ppv_mm_s":NaN}}""", "malformed_json" },
        { "{\"readings\":{" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"m{i}\":1")) + "}}", "bad_readings_count" },
        { """{"readings":{"PPV mm/s":0.3}}""", "bad_metric_name" },
        { """{"ts":"2026-11-26T15:00:00Z","readings":{"ppv_mm_s":0.3}}""", "future_timestamp" },
        { """{"ts":"26/11/2026","readings":{"ppv_mm_s":0.3}}""", "bad_timestamp" },
        { """{"seq":-4,"readings":{"ppv_mm_s":0.3}}""", "bad_seq" },
        { """{"ts":"2026-11-26T14:00:00Z"}""", "missing_readings" },
        { """{"readings":{}}""", "bad_readings_count" },
        { """{"readings":{"ppv_mm_s":0.3},"lat":"north","lon":118}""", "bad_position" },
    };

    [Theory]
    [MemberData(nameof(BrokenPayloads))]
    public async Task BrokenPayload_IsRejectedCountedAndKept_AndTheNextGoodOneIsAccepted(string payload, string reason)
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        var refused = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), payload);
        var accepted = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:04:00Z","readings":{"ppv_mm_s":0.02}}""");

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, accepted.ReasonCode);
        Assert.True(device.IsConnected);
        await AssertRejectedAndGoodReadingStoredAsync(app, reason);
    }

    [Fact]
    // Over the decoder's 256 KiB payload limit but under the broker's packet limit (Mqtt:MaxPacketBytes, 512 KiB):
    // rejected with its reason. Larger packets close the connection at the edge (BrokerEdgeSecurityTests).
    public async Task PayloadOverTheLimit_IsRejected_AndTheConnectionCarriesOn()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        var garbage = new byte[300 * 1024];
        new Random(42).NextBytes(garbage);

        var refused = await device.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(Topics.Telemetry("horse-pit", "hp-vib-01")).WithPayload(garbage)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);
        var accepted = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:04:00Z","readings":{"ppv_mm_s":0.02}}""");

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, accepted.ReasonCode);
        await AssertRejectedAndGoodReadingStoredAsync(app, "payload_too_large");
    }

    [Fact]
    public async Task BadStatus_IsRejected_AndAGoodStatusIsAccepted()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        var bad = await device.PublishAsync(Topics.Status("horse-pit", "hp-vib-01"), """{"state":"sleeping"}""", retain: true);
        var good = await device.PublishAsync(Topics.Status("horse-pit", "hp-vib-01"), """{"state":"online","fw":"1.4.2"}""", retain: true);
        var unknown = await device.PublishAsync("heritage/horse-pit/hp-vib-01/debug", "x");

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, bad.ReasonCode);
        Assert.True(good.IsSuccess);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, unknown.ReasonCode);
        using var api = await app.ClientAsAsync("maintenance");
        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(new Dictionary<string, long> { ["bad_status"] = 1, ["unknown_topic"] = 1 }, stats!.Rejected);
    }

    private static async Task AssertRejectedAndGoodReadingStoredAsync(HeritageApp app, string reason)
    {
        using var api = await app.ClientAsAsync("maintenance");
        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(new Dictionary<string, long> { [reason] = 1 }, stats!.Rejected);
        Assert.Equal(1, stats.Accepted);

        var kept = await Eventually.Get(
            async () => (await api.GetFromJsonAsync<List<RejectedPayload>>("/api/ingestion/rejected", TestContext.Current.CancellationToken))!.FirstOrDefault(),
            "the rejected payload to be kept");
        Assert.Equal((reason, "hp-vib-01", "heritage/horse-pit/hp-vib-01/telemetry"), (kept.Reason, kept.DeviceId, kept.Topic));
        Assert.False(string.IsNullOrEmpty(kept.Detail));
        Assert.True(kept.PayloadPrefix.Length <= 2048);

        var history = await Eventually.History(api, "hp-vib-01", "", 1);
        Assert.Equal(0.02, history.Points[0].Value);

        using var ready = await api.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Healthy", Encoding.UTF8.GetString(await ready.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
