using System.Net;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Api;

public sealed class ReadingApiTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task History_WithEvery_DownsamplesIntoBuckets()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        // Six readings a minute apart from 13:00: buckets of 5 minutes hold 5 and 1 of them.
        var batch = string.Join(",", Enumerable.Range(0, 6).Select(i => $$$"""{"ts":"2026-11-26T13:0{{{i}}}:00Z","seq":{{{i + 1}}},"readings":{"rh_pct":{{{50 + i}}},"temp_c":9}}"""));
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), "[" + batch + "]");
        using var api = await app.ClientAsAsync("inspector-01");

        var raw = await Eventually.History(api, "hp-clim-01", "?metric=rh_pct&from=2026-11-26T12:00:00Z&to=2026-11-26T14:00:00Z", 6);
        var downsampled = await api.GetFromJsonAsync<HistoryResponse>(
            "/api/devices/hp-clim-01/readings?metric=rh_pct&from=2026-11-26T12:00:00Z&to=2026-11-26T14:00:00Z&every=5m", TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(50, 6).Select(v => (double)v), raw.Points.Select(p => p.Value));
        Assert.Equal(2, downsampled!.Points.Count);
        Assert.Equal((52.0, 50.0, 54.0, 5L), (downsampled.Points[0].Value, downsampled.Points[0].Min!.Value, downsampled.Points[0].Max!.Value, downsampled.Points[0].Count!.Value));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 13, 5, 0, TimeSpan.Zero), downsampled.Points[1].Ts);
    }

    [Theory]
    [InlineData("?every=5 minutes", "every")]
    [InlineData("?every=0s", "every")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-11-26T14:00:00Z&to=2026-11-26T13:00:00Z", "from")]
    [InlineData("?metric=Bad-Metric", "metric")]
    public async Task History_BadQuery_Is400NamingTheField(string query, string field)
    {
        await using var app = new HeritageApp(_data.Path);
        using var api = await app.ClientAsAsync("bureau");

        using var response = await api.GetAsync("/api/devices/hp-clim-01/readings" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_UnknownDevice_Is404()
    {
        await using var app = new HeritageApp(_data.Path);
        using var api = await app.ClientAsAsync("bureau");

        using var response = await api.GetAsync("/api/devices/ghost/readings", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
