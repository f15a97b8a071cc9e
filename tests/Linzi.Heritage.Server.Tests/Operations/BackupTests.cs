using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Operations;

/// <summary><c>backup DIR</c> copies a running server's data consistently, and a server started on the copy has it all.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _backup = new();

    [Fact]
    public async Task Backup_OfARunningServer_RestoresAlertsReadingsAndPhotos()
    {
        string alertId;
        await using (var app = new HeritageApp(_data.Path))
        {
            using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:00Z","readings":{"ppv_mm_s":0.9}}""");
            using var bureau = await app.ClientAsAsync("bureau");
            var alert = await Eventually.Get(
                async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(),
                "the alert");
            alertId = alert.Id;
            using var photo = new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0, 1, 0xFF, 0xD9]), "file", "pit.jpg" } };
            (await bureau.PostAsync($"/api/alerts/{alertId}/attachments", photo, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

            // While the server runs and holds its databases open.
            using var backup = ServerProcess.Run([BackupCommandName, _backup.Path, $"--Storage:DataDirectory={_data.Path}"]);
            Assert.True(await backup.WaitForExitAsync() == 0, "backup failed: " + backup.Errors);

            using var again = ServerProcess.Run([BackupCommandName, _backup.Path, $"--Storage:DataDirectory={_data.Path}"]);
            Assert.Equal(1, await again.WaitForExitAsync()); // never over an earlier backup
        }

        await using var restored = new HeritageApp(_backup.Path);
        using var api = await restored.ClientAsAsync("bureau");
        var detail = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/alerts/{alertId}", TestContext.Current.CancellationToken);
        Assert.Equal("hp-vib-01", detail.GetProperty("alert").GetProperty("deviceId").GetString());
        var attachments = await api.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/api/alerts/{alertId}/attachments", TestContext.Current.CancellationToken);
        using var download = await api.GetAsync($"/api/alerts/{alertId}/attachments/{Assert.Single(attachments!).GetProperty("id").GetString()}", TestContext.Current.CancellationToken);
        download.EnsureSuccessStatusCode();
        var history = await Eventually.History(api, "hp-vib-01", "?metric=ppv_mm_s&from=2026-11-26T13:00:00Z&to=2026-11-26T15:00:00Z", 1);
        Assert.Equal(0.9, history.Points[0].Value);
        Assert.True((await (await restored.CreateClient().GetAsync("/readyz", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Contains("Healthy", StringComparison.Ordinal));
    }

    private const string BackupCommandName = Backup.BackupCommand.Name;

    public void Dispose()
    {
        _data.Dispose();
        _backup.Dispose();
    }
}
