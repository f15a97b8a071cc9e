using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.ThirdPartyClients;

/// <summary>The hub contract as the official npm client (@microsoft/signalr) sees it, over real WebSockets.</summary>
public sealed class NpmSignalRClientTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task NpmClient_WithQueryStringToken_ReceivesAlertRaisedWithContractFields()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true);
        var hubUrl = new Uri(app.HttpAddress, "hubs/monitor").ToString();
        var token = await app.TokenAsync("inspector-03");
        using var listener = ExternalProcess.Start("node", ["hub-listen.mjs", hubUrl, token, "1"], Path.Combine(ExternalProcess.RepositoryRoot, "tests", "node"));
        await listener.WaitForLineAsync(l => l.Contains("\"connected\"", StringComparison.Ordinal), "connection");

        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:03:05Z","readings":{"ppv_mm_s":0.7}}""");
        var line = await listener.WaitForLineAsync(l => l.Contains("\"AlertRaised\"", StringComparison.Ordinal), "AlertRaised");

        using var json = JsonDocument.Parse(line);
        var alert = json.RootElement.GetProperty("body");
        string[] contractFields = ["id", "ruleId", "severity", "state", "siteId", "deviceId", "cellId", "metric", "value", "raisedAt", "message"];
        Assert.All(contractFields, f => Assert.True(alert.TryGetProperty(f, out _), $"AlertRaised lacks '{f}'"));
        Assert.Equal("horse-pit", alert.GetProperty("siteId").GetString());
        Assert.Equal("hp-vib-01", alert.GetProperty("deviceId").GetString());
        Assert.Equal("qd-r1c5", alert.GetProperty("cellId").GetString());
        Assert.Equal("red", alert.GetProperty("severity").GetString());
        Assert.Equal("open", alert.GetProperty("state").GetString());
        Assert.Equal(0.7, alert.GetProperty("value").GetDouble());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 3, 5, TimeSpan.Zero), alert.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Equal(0, await listener.WaitForExitAsync());
    }

    public void Dispose() => _data.Dispose();
}
