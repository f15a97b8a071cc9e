using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.FirmwareSim.Verify;
using Linzi.Heritage.Server.Tests.Influx;
using Linzi.Heritage.Server.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Linzi.Heritage.Server.Tests.Grafana;

/// <summary>
/// Grafana cannot run here, so its provisioning is checked the way Grafana would use it: the files parse, every
/// panel points at the provisioned data source, and every panel query, with Grafana's macros and template variables
/// filled in, runs against a real InfluxDB loaded by a simulated run of the demo fleet and returns data.
/// </summary>
public sealed partial class GrafanaDashboardTests : IDisposable
{
    private static readonly string Root = Path.Combine(ExternalProcess.RepositoryRoot, "grafana");
    private readonly TempDirectory _data = new();


    [Fact]
    public void Dashboards_HaveStableUniqueUids_AndEveryPanelUsesTheProvisionedDataSource()
    {
        var dataSourceUid = DataSource()["uid"].ToString();
        var dashboards = Directory.GetFiles(Path.Combine(Root, "dashboards"), "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToList();

        Assert.Equal(4, dashboards.Count);
        var uids = dashboards.Select(d => d.GetProperty("uid").GetString()!).ToList();
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(uids, uid => Assert.Matches("^linzi-[a-z-]+$", uid));
        foreach (var dashboard in dashboards)
        {
            Assert.True(Cjk().IsMatch(dashboard.GetProperty("title").GetString()!), "dashboard titles are Chinese");
            Assert.False(string.IsNullOrWhiteSpace(dashboard.GetProperty("description").GetString()));
            foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
            {
                var title = panel.GetProperty("title").GetString()!;
                Assert.True(Cjk().IsMatch(title), $"panel '{title}' has a Chinese title");
                Assert.False(Cjk().IsMatch(panel.GetProperty("description").GetString()!), $"panel '{title}' has an English description");
                Assert.Equal(dataSourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.NotEqual(0, panel.GetProperty("targets").GetArrayLength());
                Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.Equal(dataSourceUid, t.GetProperty("datasource").GetProperty("uid").GetString()));
            }

            foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
            {
                Assert.Equal(dataSourceUid, variable.GetProperty("datasource").GetProperty("uid").GetString());
            }
        }
    }

    [Fact]
    public void SiteDetail_DrawsTheRuleThresholdsAsLines_WithUnitsForEveryMetric()
    {
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "dashboards", "site-detail.json"))).RootElement;
        var panels = dashboard.GetProperty("panels").EnumerateArray().ToDictionary(p => p.GetProperty("title").GetString()!);

        var vibration = panels["振动速度 PPV"];
        Assert.Equal("suffix: mm/s", vibration.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString());
        Assert.Contains("rule_thresholds", vibration.GetProperty("targets")[1].GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("custom.lineStyle", vibration.GetProperty("fieldConfig").GetProperty("overrides")[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("humidity", panels["相对湿度"].GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString());
        Assert.Equal("celsius", panels["温度"].GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString());
        Assert.Equal("suffix: cm", panels["水位"].GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString());
        Assert.Equal("site", dashboard.GetProperty("templating").GetProperty("list")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void DataSource_IsInfluxQl_AndTakesItsSettingsFromTheVariablesTheDeploymentKitSets()
    {
        var dataSource = DataSource();
        Assert.Equal("influxdb", dataSource["type"].ToString());
        Assert.Equal("InfluxQL", ((YamlMappingNode)dataSource["jsonData"])["version"].ToString());
        var yaml = File.ReadAllText(Path.Combine(Root, "provisioning", "datasources", "influxdb.yaml"));
        var variables = VariableReference().Matches(yaml).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["LINZI_INFLUX_DATABASE", "LINZI_INFLUX_TOKEN", "LINZI_INFLUX_URL"], variables.Order());

        var compose = YamlFiles.Load(Path.Combine(ExternalProcess.RepositoryRoot, "deploy", "docker-compose.yml"));
        var grafana = (YamlMappingNode)((YamlMappingNode)compose["services"])["grafana"];
        var environment = ((YamlMappingNode)grafana["environment"]).Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(variables, environment);

        var provider = YamlFiles.Load(Path.Combine(Root, "provisioning", "dashboards", "linzi.yaml"));
        var path = ((YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)provider["providers"])[0])["options"])["path"].ToString();
        var volumes = ((YamlSequenceNode)grafana["volumes"]).Select(v => v.ToString()).ToList();
        Assert.Contains(volumes, v => v.EndsWith(":" + path + ":ro", StringComparison.Ordinal) && v.StartsWith("../grafana/dashboards", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryPanelQuery_ReturnsData_FromARealInfluxDbLoadedByASimulatedRun()
    {
        await using var influx = await InfluxRig.StartAsync();
        var settings = influx.Settings.ToDictionary();
        settings["InfluxDb:SnapshotInterval"] = "00:00:01";
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true, settings: settings);
        var started = TimeProvider.System.GetUtcNow();
        await LoadAsync(app);
        using var http = new HttpClient { BaseAddress = influx.Url };
        // Enough snapshots after the run for rates and differences, one of them after an InfluxDB write.
        await Eventually.True(
            async () => await CountAsync(http, influx.Bucket, $"SELECT count(\"accepted\") FROM \"ingestion\" WHERE time > '{TimeProvider.System.GetUtcNow().AddSeconds(-4):o}'") >= 3
                && await CountAsync(http, influx.Bucket, "SELECT count(\"write_ms_mean\") FROM \"ingestion\"") >= 1
                && await CountAsync(http, influx.Bucket, "SELECT count(\"value\") FROM \"alerts\"") >= 1,
            "snapshots after the simulated run",
            TimeSpan.FromSeconds(40));

        var range = $"time >= '{started.AddHours(-1):o}' AND time <= '{TimeProvider.System.GetUtcNow().AddMinutes(1):o}'";
        var empty = new List<string>();
        var checkedQueries = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "dashboards"), "*.json").Order())
        {
            var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).RootElement;
            var choices = await VariableChoicesAsync(http, influx.Bucket, dashboard);
            foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    var query = target.GetProperty("query").GetString()!.Replace("$timeFilter", range, StringComparison.Ordinal).Replace("$__interval", "1s", StringComparison.Ordinal);
                    checkedQueries++;
                    // A panel answers for some value of its variables (the water-level panel, for a site with gauges).
                    var answered = false;
                    foreach (var values in choices)
                    {
                        if (await SeriesAsync(http, influx.Bucket, Fill(query, values)) > 0)
                        {
                            answered = true;
                            break;
                        }
                    }

                    if (!answered)
                    {
                        empty.Add($"{Path.GetFileName(file)} / {panel.GetProperty("title").GetString()} / {target.GetProperty("refId").GetString()}: {query}");
                    }
                }
            }
        }

        Assert.True(checkedQueries >= 30, $"only {checkedQueries} queries");
        Assert.True(empty.Count == 0, "queries without data:\n" + string.Join("\n", empty));
    }

    /// <summary>A bad payload (for the rejection panels) and twenty virtual minutes of the whole demo fleet.</summary>
    private static async Task LoadAsync(HeritageApp app)
    {
        using (var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"temp_c":"warm"}}""");
        }

        using var api = await app.ClientAsAsync("maintenance");
        var devices = await api.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        var scenario = ScenarioFile.Load(Path.Combine(ExternalProcess.RepositoryRoot, "tests", "Linzi.Heritage.Server.Tests", "Grafana", "simulated-run.json"));
        var options = new SimOptions { Api = app.HttpAddress, MqttPort = app.MqttPort };
        var result = await ScenarioRunner.RunAsync(
            scenario, devices!, TimeProvider.System.GetUtcNow().AddSeconds(-scenario.Duration - 60), options, TimeProvider.System, TestContext.Current.CancellationToken);
        Assert.Equal(devices!.Count * (int)(scenario.Duration / scenario.Tick), result.Readings);
    }

    /// <summary>
    /// Every combination of variable values to try, as Grafana would send them: a multi-value or "All" variable as its
    /// all-value regex, a single-value one each of the values its own query returns.
    /// </summary>
    private static async Task<List<Dictionary<string, string>>> VariableChoicesAsync(HttpClient http, string bucket, JsonElement dashboard)
    {
        var choices = new List<Dictionary<string, string>> { new(StringComparer.Ordinal) };
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var name = variable.GetProperty("name").GetString()!;
            var next = new List<Dictionary<string, string>>();
            foreach (var chosen in choices)
            {
                var values = await TagValuesAsync(http, bucket, Fill(variable.GetProperty("query").GetString()!, chosen));
                Assert.True(values.Count > 0, $"variable {name} has no values");
                var options = variable.GetProperty("includeAll").GetBoolean() ? [variable.GetProperty("allValue").GetString()!] : values;
                next.AddRange(options.Select(v => new Dictionary<string, string>(chosen, StringComparer.Ordinal) { [name] = v }));
            }

            choices = next;
        }

        return choices;
    }

    private static string Fill(string query, Dictionary<string, string> values) =>
        values.Aggregate(query, (q, v) => q.Replace("$" + v.Key, v.Value, StringComparison.Ordinal));

    private static async Task<JsonElement> QueryAsync(HttpClient http, string bucket, string query)
    {
        var json = await http.GetStringAsync($"/query?db={bucket}&epoch=ms&q={Uri.EscapeDataString(query)}", TestContext.Current.CancellationToken);
        var result = JsonDocument.Parse(json).RootElement.GetProperty("results")[0];
        Assert.False(result.TryGetProperty("error", out var error), $"{query}\n{error}");
        return result;
    }

    private static async Task<int> SeriesAsync(HttpClient http, string bucket, string query) =>
        (await QueryAsync(http, bucket, query)).TryGetProperty("series", out var series) ? series.GetArrayLength() : 0;

    private static async Task<long> CountAsync(HttpClient http, string bucket, string query) =>
        (await QueryAsync(http, bucket, query)).TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;

    private static async Task<List<string>> TagValuesAsync(HttpClient http, string bucket, string query) =>
        (await QueryAsync(http, bucket, query)).TryGetProperty("series", out var series)
            ? [.. series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => v[1].GetString()!)).Distinct(StringComparer.Ordinal)]
            : [];

    private static YamlMappingNode DataSource() =>
        (YamlMappingNode)((YamlSequenceNode)YamlFiles.Load(Path.Combine(Root, "provisioning", "datasources", "influxdb.yaml"))["datasources"])[0];

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"\$\{([A-Z_]+)\}")]
    private static partial Regex VariableReference();

    public void Dispose() => _data.Dispose();
}
