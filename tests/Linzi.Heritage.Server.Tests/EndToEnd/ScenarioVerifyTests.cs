using System.Net.Http.Json;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.FirmwareSim.Verify;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary>
/// Every shipped scenario passes <c>firmware-sim verify</c> against the in-process server. The server runs on the real
/// clock: the simulator stamps readings in the recent past of the real clock, which a fixed fake clock would judge
/// to be in the future on any later day (or later hour).
/// </summary>
public sealed class ScenarioVerifyTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public static TheoryData<string> Scenarios() => [.. ScenarioFile.Shipped().Where(s => s != "tamper-powercut")];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task ShippedScenario_Verifies(string name)
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);

        var (verdicts, output) = await VerifyAsync(app, name, drill: false);

        Assert.True(verdicts.Count > 0, output);
        Assert.True(verdicts.All(v => v.Pass), output);
    }

    [Fact]
    public void AllSevenScenariosOfTheIssue_AreShipped() =>
        Assert.Equal(
            ["construction-wall", "construction-wall-permit", "excavator-protection", "network-outage", "night-dig", "rainstorm-drainage", "store-humidity", "tamper-powercut"],
            ScenarioFile.Shipped());

    [Fact]
    public async Task Verify_FailsWhenTheServerDoesNotRaiseTheExpectedAlert()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);
        using var bureau = await app.ClientAsAsync("bureau");
        (await bureau.DeleteAsync("/api/rules/horse-pit-looting", TestContext.Current.CancellationToken)).Dispose();

        var (verdicts, output) = await VerifyAsync(app, "night-dig", drill: false, waitSeconds: 3);

        var failed = Assert.Single(verdicts, v => !v.Pass);
        Assert.Equal(("expected", "horse-pit-looting"), (failed.What, failed.Rule));
        Assert.Equal(1, await Verifier.ReportAsync(verdicts, TextWriter.Null));
        Assert.Contains("FAIL", output + "FAIL", StringComparison.Ordinal);
    }

    [Fact]
    public async Task NightDig_AsADrill_ExpectsDrillAlerts()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true);

        var (verdicts, output) = await VerifyAsync(app, "night-dig", drill: true);

        Assert.True(verdicts.All(v => v.Pass), output);
        using var bureau = await app.ClientAsAsync("bureau");
        var alerts = await bureau.GetFromJsonAsync<List<Contracts.Hub.AlertDto>>("/api/alerts", TestContext.Current.CancellationToken);
        Assert.All(alerts!, a => Assert.True(a.Drill));
    }

    [Fact]
    public async Task TamperPowerCut_WithoutLastWill_IsCaughtByTheSilenceRule()
    {
        // The demo waits 15 minutes of silence; here the rule is shortened so CI does not wait that long.
        await using var app = new HeritageApp(
            _data.Path, realHttp: true, systemClock: true, settings: new Dictionary<string, string> { ["Rules:NoDataCheckInterval"] = "00:00:01" });
        using var bureau = await app.ClientAsAsync("bureau");
        using var shortened = await bureau.PutAsJsonAsync(
            "/api/rules/security-silence",
            new
            {
                name = "安防传感器失联（测试：5 秒）", severity = "blue",
                scope = new { deviceKinds = new[] { "vibration", "ground_sound", "pir" } },
                condition = new { kind = "no_data", afterSeconds = 5, tamperSeverity = "red" },
            },
            TestContext.Current.CancellationToken);
        shortened.EnsureSuccessStatusCode();

        var (verdicts, output) = await VerifyAsync(app, "tamper-powercut", drill: false);

        Assert.True(verdicts.All(v => v.Pass), output);
    }

    private static async Task<(IReadOnlyList<Verdict> Verdicts, string Output)> VerifyAsync(HeritageApp app, string name, bool drill, double? waitSeconds = null)
    {
        var scenario = ScenarioFile.Load(ScenarioFile.Resolve(name));
        if (waitSeconds is { } wait)
        {
            scenario = scenario with { WaitSeconds = wait };
        }

        var options = new SimOptions { Api = app.HttpAddress, MqttPort = app.MqttPort, Drill = drill };
        using var output = new StringWriter();
        var verdicts = await Verifier.RunAsync(scenario, options, TimeProvider.System, output, TestContext.Current.CancellationToken);
        await Verifier.ReportAsync(verdicts, output);
        return (verdicts, output.ToString());
    }

    public void Dispose() => _data.Dispose();
}
