using System.Net.Http.Headers;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.ExternalBroker;

/// <summary>
/// The server as a separate process in external mode against Mosquitto, killed with SIGKILL in the middle of a QoS 1
/// stream and started again: every reading the devices sent is stored exactly once.
/// </summary>
public sealed class ServerCrashTests : IDisposable
{
    private const int PerDevice = 400;
    private static readonly string[] Devices = ["hp-vib-01", "hp-vib-02", "hp-snd-01", "hp-snd-02", "hp-clim-01"];

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Sigkill_MidStream_ThenRestart_EveryReadingIsStoredExactlyOnce()
    {
        await using var broker = await MosquittoRig.StartAsync(_data.Path);
        var http = new Uri($"http://127.0.0.1:{HeritageApp.FreePort()}");
        var server = await StartServerAsync(broker, http);
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var devices = Devices.Select(d => new StreamingDevice(d, "horse-pit", broker.Port, start)).ToList();

        for (var n = 0; n < PerDevice; n++)
        {
            if (n == PerDevice / 3)
            {
                await server.KillAsync(); // No shutdown code runs: unacknowledged messages stay with Mosquitto.
                server.Dispose();
            }

            await Task.WhenAll(devices.Select(d => d.PublishAsync(n)));
        }

        using (server = await StartServerAsync(broker, http))
        {
            using var api = new HttpClient { BaseAddress = http };
            var token = await api.PostAsJsonAsync("/api/auth/token", new TokenRequest("bureau", HeritageApp.DemoPassword), TestContext.Current.CancellationToken);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken))!.AccessToken);

            foreach (var id in Devices)
            {
                var history = await Eventually.History(api, id, "?metric=x_test&from=2000-01-01T00:00:00Z", PerDevice);
                Assert.Equal(Enumerable.Range(0, PerDevice).Select(n => (double)n), history.Points.Select(p => p.Value));
            }
        }

        Assert.All(devices, d => Assert.Equal(PerDevice, d.Acknowledged));
        devices.ForEach(d => d.Dispose());
    }

    private async Task<ExternalProcess> StartServerAsync(MosquittoRig broker, Uri http)
    {
        var settings = broker.Settings("linzi-crash-test").Select(kv => $"--{kv.Key}={kv.Value}");
        var process = ServerProcess.Run([$"--urls={http}", "--Demo:Enabled=true", $"--Storage:DataDirectory={_data.Path}", .. settings]);
        using var probe = new HttpClient { BaseAddress = http };
        await HeritageApp.WaitUntilReadyAsync(probe);
        return process;
    }

    public void Dispose() => _data.Dispose();
}
