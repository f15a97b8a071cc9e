using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary>The simulator, as maintenance staff run it, against the demo server with no set-up steps.</summary>
public sealed class FirmwareSimTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task NightDig_RaisesRedAlertAtTheHorsePit()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);
        var options = new SimOptions
        {
            Api = app.HttpAddress,
            MqttPort = app.MqttPort,
            Scenario = "night-dig",
            Interval = TimeSpan.FromSeconds(1),
            DevicePrefix = "hp-",
        };
        using var output = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // Runs until the alert shows (digging starts 5 s after the devices connect), then stops the fleet.
        var run = Task.Run(() => FleetRunner.RunAsync(options, TimeProvider.System, output, stop.Token), stop.Token);
        using var bureau = await app.ClientAsAsync("bureau");
        var red = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=horse-pit", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.RuleId == "horse-pit-ppv-red"),
            "a red alert at the horse pit", TimeSpan.FromSeconds(90));
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Contains("Connecting 10 devices", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(("red", "qd-r1c5"), (red.Severity, red.CellId));
    }

    [Fact]
    public async Task Machinery_EnteringTheProtectionZone_RaisesTheMachineryAlertAfterDebounce()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);
        var options = new SimOptions
        {
            Api = app.HttpAddress,
            MqttPort = app.MqttPort,
            Scenario = "machinery",
            Interval = TimeSpan.FromSeconds(1),
            DevicePrefix = "gnss-exc",
        };
        using var output = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // Runs until the alert shows: the demo's 30 s debounce counts in reading time, which a loaded CI machine stretches.
        var run = Task.Run(() => FleetRunner.RunAsync(options, TimeProvider.System, output, stop.Token), stop.Token);
        using var bureau = await app.ClientAsAsync("bureau");
        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=qi-capital", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.DeviceId == "gnss-exc-01"),
            "the machinery alert", TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        // The wall clock decides which of the two schedules applies: red at night (19:00-06:00 Linzi time), yellow by day.
        var expected = alert.RaisedAt.ToOffset(TimeSpan.FromHours(8)).Hour is >= 19 or < 6
            ? ("machinery-in-protection", "red")
            : ("machinery-in-protection-day", "yellow");
        Assert.Equal(expected, (alert.RuleId, alert.Severity));
        Assert.Contains("qi-capital-protection", alert.ZoneIds);
    }

    public void Dispose() => _data.Dispose();
}
