using System.Globalization;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.ThirdPartyClients;

/// <summary>The MQTT contract as Debian's Mosquitto command-line clients use it, with their default settings.</summary>
public sealed class MosquittoClientTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoPub_QoS1Reading_IsAcceptedAndStored(string protocol)
    {
        await using var app = new HeritageApp(_data.Path);

        var exit = await RunAsync(app, "mosquitto_pub", "hp-clim-01", HeritageApp.DemoDeviceSecret,
            ["-V", protocol, "-q", "1", "-t", Topics.Telemetry("horse-pit", "hp-clim-01"), "-m", """{"ts":"2026-11-26T14:00:00Z","readings":{"rh_pct":57.5}}"""]);

        Assert.Equal(0, exit);
        using var api = await app.ClientAsAsync("bureau");
        var history = await Eventually.History(api, "hp-clim-01", "?metric=rh_pct", 1);
        Assert.Equal(57.5, history.Points[0].Value);
    }

    [Fact]
    public async Task MosquittoPub_WrongSecret_Fails()
    {
        await using var app = new HeritageApp(_data.Path);

        var exit = await RunAsync(app, "mosquitto_pub", "hp-clim-01", "wrong", ["-q", "1", "-t", Topics.Telemetry("horse-pit", "hp-clim-01"), "-m", """{"readings":{"rh_pct":1}}"""]);

        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task MosquittoPub_OtherDevicesTopic_IsCountedAsNotAuthorized()
    {
        await using var app = new HeritageApp(_data.Path);

        await RunAsync(app, "mosquitto_pub", "hp-clim-01", HeritageApp.DemoDeviceSecret,
            ["-V", "mqttv5", "-q", "1", "-t", Topics.Telemetry("horse-pit", "hp-vib-01"), "-m", """{"readings":{"ppv_mm_s":5}}"""]);

        using var api = await app.ClientAsAsync("maintenance");
        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(1, stats!.Rejected["not_authorized"]);
        Assert.Equal(0, stats.Accepted);
    }

    [Fact]
    public async Task MosquittoSub_Wildcard_IsDenied()
    {
        await using var app = new HeritageApp(_data.Path);

        var (_, errors) = await RunWithOutputAsync(app, "mosquitto_sub", "hp-clim-01", HeritageApp.DemoDeviceSecret, ["-t", "heritage/#", "-W", "2"]);

        Assert.Contains("denied", errors, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<int> RunAsync(HeritageApp app, string tool, string user, string secret, string[] arguments) =>
        (await RunWithOutputAsync(app, tool, user, secret, arguments)).Exit;

    private static async Task<(int Exit, string Errors)> RunWithOutputAsync(HeritageApp app, string tool, string user, string secret, string[] arguments)
    {
        app.StartServer(); // Start the broker.
        string[] common = ["-h", "127.0.0.1", "-p", app.MqttPort.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", secret];
        using var process = ExternalProcess.Start(tool, [.. common, .. arguments]);
        var exit = await process.WaitForExitAsync();
        return (exit, process.Errors);
    }

    public void Dispose() => _data.Dispose();
}
