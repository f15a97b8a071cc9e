using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Monitoring;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.Web;

/// <summary>What the pages stand on: their addresses and headers, the map configuration, device detail, quiet phones.</summary>
public sealed class WebPagesTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("/", "/js/bureau/main.js")]
    [InlineData("/m", "/js/m.js")]
    [InlineData("/maintenance", "/js/maintenance.js")]
    [InlineData("/signin", "/js/signin.js")]
    public async Task Page_IsServedToAnyone_WithASecurityPolicy(string path, string script)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(script, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        using var lib = await client.GetAsync("/lib/signalr/signalr.min.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, lib.StatusCode);
    }

    [Fact]
    public async Task MapConfig_NeedsSignIn_AndDefaultsToOpenStreetMap()
    {
        await using var app = new HeritageApp(_data.Path);
        using var anonymous = app.CreateClient();
        using var refused = await anonymous.GetAsync("/api/map/config", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var inspector = await app.ClientAsAsync("inspector-03");
        var config = await inspector.GetFromJsonAsync<JsonElement>("/api/map/config", TestContext.Current.CancellationToken);

        Assert.Equal("OpenStreetMap", config.GetProperty("provider").GetString());
        Assert.Equal("https://tile.openstreetmap.org/{z}/{x}/{y}.png", config.GetProperty("layers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task MapConfig_Tianditu_GivesItsVectorAndLabelLayersWithTheKey()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Map:Provider"] = "Tianditu", ["Map:TiandituKey"] = "k3y" });
        using var bureau = await app.ClientAsAsync("bureau");

        var layers = (await bureau.GetFromJsonAsync<JsonElement>("/api/map/config", TestContext.Current.CancellationToken)).GetProperty("layers");

        Assert.Equal(2, layers.GetArrayLength());
        Assert.All(layers.EnumerateArray(), l => Assert.EndsWith("&tk=k3y", l.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.Contains("LAYER=vec", layers[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("LAYER=cva", layers[1].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("01234567", layers[0].GetProperty("subdomains").GetString());
    }

    [Theory]
    [InlineData("Tianditu", null, "TiandituKey")]
    [InlineData("Custom", "ftp://tiles/{z}/{x}/{y}", "TileUrl")]
    [InlineData("Google", null, "Provider")]
    public async Task MapConfig_Invalid_StopsTheServerAtStartWithTheSettingNamed(string provider, string? url, string named)
    {
        var settings = new Dictionary<string, string> { ["Map:Provider"] = provider };
        if (url is not null)
        {
            settings["Map:TileUrl"] = url;
        }

        await using var app = new HeritageApp(_data.Path, settings: settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("Map:" + named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceDetail_CarriesTheLatestReadingAndHealth()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"temp_c":9.5,"rh_pct":55},"battery_v":3.55,"rssi_dbm":-81}""");
        using var api = await app.ClientAsAsync("inspector-03");

        var detail = await Eventually.Get(
            async () => await api.GetFromJsonAsync<DeviceDto>("/api/devices/hp-clim-01", TestContext.Current.CancellationToken) is { Latest: not null } d ? d : null,
            "the device's latest reading");

        Assert.Equal(55, detail.Latest!.Readings["rh_pct"]);
        Assert.Equal((3.55, -81.0), (detail.Latest.BatteryV, detail.Latest.RssiDbm));
        Assert.Equal("qd-r1c5", detail.CellId);
        var listed = await api.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        Assert.Equal(3.55, listed!.Single(d => d.Id == "hp-clim-01").Latest!.BatteryV);
        using var unknown = await api.GetAsync("/api/devices/no-such-device", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task StopReadings_LeavesOutOnlyThatConnection_AndAlertsStillCome()
    {
        await using var app = new HeritageApp(_data.Path);
        await using var phone = await app.HubAsync("inspector-03");
        await using var map = await app.HubAsync("bureau");
        var phoneRecorder = new HubRecorder(phone);
        var mapRecorder = new HubRecorder(map);
        await phone.StartAsync(TestContext.Current.CancellationToken);
        await map.StartAsync(TestContext.Current.CancellationToken);
        await phone.InvokeAsync(nameof(MonitorHub.StopReadings), TestContext.Current.CancellationToken);

        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.9}}""");

        await Eventually.True(
            () =>
            {
                app.Time.Advance(LiveReadingsBroadcaster.Interval);
                return Task.FromResult(!mapRecorder.Readings.IsEmpty);
            },
            "the map's Readings push");
        Assert.Equal("hp-vib-01", (await phoneRecorder.NextRaisedAsync()).DeviceId);
        Assert.Empty(phoneRecorder.Readings);
    }

    public void Dispose() => _data.Dispose();
}
