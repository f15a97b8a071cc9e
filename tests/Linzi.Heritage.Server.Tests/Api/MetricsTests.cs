using System.Text.RegularExpressions;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Api;

/// <summary>
/// Runs alone: OpenTelemetry listens to meters by name across the process, so hosts of tests running in parallel
/// would add their readings to this host's counters.
/// </summary>
[Collection(nameof(MetricsTests))]
public sealed class MetricsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Metrics_PrometheusEndpoint_ExposesIngestionAndBacklog()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"rh_pct":55}}""");
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"rh_pct":"wet"}}""");
        app.Time.Advance(TimeSpan.FromSeconds(5)); // Let the backlog monitor measure once.
        using var client = await app.ClientAsAsync("maintenance"); // metrics are not for anyone (issue 15)

        var text = await Eventually.Get(
            async () =>
            {
                var body = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
                // The exporter caches a scrape briefly, so wait for one taken after the publish.
                return Regex.IsMatch(body, @"(?m)^heritage_readings_accepted\S*\s+1(\s|$)") ? body : null;
            },
            "the accepted-readings counter at 1 in /metrics");

        Assert.Contains("heritage_journal_backlog", text, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}

[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsRunAlone;
