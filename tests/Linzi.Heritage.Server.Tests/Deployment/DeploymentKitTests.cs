using System.Reflection;
using System.Text.RegularExpressions;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Mosquitto;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Server.Web;
using Linzi.Heritage.Storage;
using Linzi.Heritage.Storage.Influx;
using Linzi.Heritage.Storage.TimeSeries;
using YamlDotNet.RepresentationModel;

namespace Linzi.Heritage.Server.Tests.Deployment;

/// <summary>
/// What of deploy/ this machine can check without a container engine: the compose file parses and is complete, the
/// systemd kit names real settings, and the image's build step works as a plain <c>dotnet publish</c>.
/// </summary>
[Collection(nameof(DeploymentKitTests))]
public sealed partial class DeploymentKitTests
{
    private static readonly string Deploy = Path.Combine(ExternalProcess.RepositoryRoot, "deploy");

    [Fact]
    public void Compose_DefinesTheStack_WithHealthChecksAndNamedVolumes()
    {
        var compose = YamlFiles.Load(Path.Combine(Deploy, "docker-compose.yml"));
        var services = (YamlMappingNode)compose["services"];
        var declaredVolumes = ((YamlMappingNode)compose["volumes"]).Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["influxdb", "grafana", "mosquitto", "server"], StringComparer.Ordinal), services.Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal));
        Assert.StartsWith("influxdb:2.7", services["influxdb"]["image"].ToString(), StringComparison.Ordinal);
        foreach (var (name, node) in services.Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            var oneShot = node.Children.TryGetValue("restart", out var restart) && restart.ToString() == "no";
            Assert.True(oneShot || node.Children.ContainsKey("healthcheck"), $"service {name} has no health check");
            foreach (var volume in node.Children.TryGetValue("volumes", out var v) ? ((YamlSequenceNode)v).Select(x => x.ToString()) : [])
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.'))
                {
                    Assert.True(File.Exists(Path.Combine(Deploy, source)) || Directory.Exists(Path.Combine(Deploy, source)), $"{name} mounts {source}, which is missing");
                }
                else
                {
                    Assert.Contains(source, declaredVolumes);
                }
            }
        }

        // InfluxDB is initialised with its organisation, bucket and token from the environment.
        var influx = (YamlMappingNode)services["influxdb"]["environment"];
        Assert.All(["DOCKER_INFLUXDB_INIT_ORG", "DOCKER_INFLUXDB_INIT_BUCKET", "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"], key => Assert.StartsWith("${", influx[key].ToString(), StringComparison.Ordinal));

        // Mosquitto's accounts come from the server's own command, through a volume both mount.
        var generator = (YamlMappingNode)services["mosquitto-config"];
        Assert.Equal(MosquittoConfigCommand.Name, ((YamlSequenceNode)generator["command"])[0].ToString());
        var target = ((YamlSequenceNode)generator["command"])[1].ToString();
        Assert.Contains(((YamlSequenceNode)services["mosquitto"]["volumes"]).Select(x => x.ToString()), m => m.StartsWith("mosquitto-accounts:" + target, StringComparison.Ordinal));
        var conf = File.ReadAllText(Path.Combine(Deploy, "mosquitto", "mosquitto.conf"));
        Assert.Contains($"password_file {target}/passwd", conf, StringComparison.Ordinal);
        Assert.Contains($"acl_file {target}/acl", conf, StringComparison.Ordinal);
        Assert.Contains("allow_anonymous false", conf, StringComparison.Ordinal);

        // The server is built from the Dockerfile, and every variable the file uses is in the example .env.
        Assert.True(File.Exists(Path.Combine(Deploy, "..", services["server"]["build"]["dockerfile"].ToString())));
        var example = File.ReadAllLines(Path.Combine(Deploy, ".env.example")).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        var used = ComposeVariable().Matches(File.ReadAllText(Path.Combine(Deploy, "docker-compose.yml"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(example, used);
    }

    [Fact]
    public void Compose_ScaledProfile_RunsTwoInstancesOnSharedStateBehindNginx()
    {
        var services = (YamlMappingNode)YamlFiles.Load(Path.Combine(Deploy, "docker-compose.yml"))["services"];
        string[] scaled = ["postgres", "redis", "server-2", "nginx"];
        Assert.All(scaled, name => Assert.Equal("scaled", ((YamlSequenceNode)services[name]["profiles"])[0].ToString()));

        var one = (YamlMappingNode)services["server"]["environment"];
        var two = (YamlMappingNode)services["server-2"]["environment"];
        string Setting(YamlMappingNode environment, string key) => environment[key].ToString();

        // The same settings, shared state included, but a broker client id of its own in the same group.
        var differing = one.Children.Keys.Select(k => k.ToString()).Where(k => Setting(one, k) != Setting(two, k)).ToList();
        Assert.Equal(["Mqtt__ClientId"], differing);
        Assert.Equal(one.Children.Count, two.Children.Count);
        Assert.All(["State__Provider", "ConnectionStrings__Heritage", "ConnectionStrings__Redis", "Integrity__KeyFile", "Mqtt__SharedGroup", "Auth__SigningKey"],
            key => Assert.True(one.Children.ContainsKey(key), $"{key} is not set"));
        Assert.StartsWith("${", Setting(one, "State__Provider"), StringComparison.Ordinal);

        // One integrity key for both: the key volume is shared, the data volumes are not.
        var volumes = ((YamlSequenceNode)services["server-2"]["volumes"]).Select(v => v.ToString()).ToList();
        Assert.Contains(volumes, v => v.StartsWith("server-keys:", StringComparison.Ordinal));
        Assert.DoesNotContain(volumes, v => v.StartsWith("server-data:", StringComparison.Ordinal));
        Assert.StartsWith(Path.GetDirectoryName(Setting(one, "Integrity__KeyFile"))!, volumes.Single(v => v.StartsWith("server-keys:", StringComparison.Ordinal)).Split(':')[1], StringComparison.Ordinal);

        // nginx forwards WebSockets to both instances, sticky per client (SignalR negotiates, then connects).
        var nginx = File.ReadAllText(Path.Combine(Deploy, "nginx", "scaled.conf"));
        Assert.Contains("server server:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("server server-2:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("ip_hash;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nginx_ScaledConfig_PassesNginxsOwnCheck()
    {
        // The instances' names resolve only inside compose: nginx checks the file with them pointed at loopback (-t binds
        // nothing, so the port is only a number).
        var directory = Path.Combine(Path.GetTempPath(), "linzi-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var site = File.ReadAllText(Path.Combine(Deploy, "nginx", "scaled.conf"))
                .Replace("server:8080", "127.0.0.1:9", StringComparison.Ordinal).Replace("server-2:8080", "127.0.0.2:9", StringComparison.Ordinal)
                .Replace("listen 80;", "listen 127.0.0.1:8088;", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(directory, "site.conf"), site, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(
                Path.Combine(directory, "nginx.conf"),
                $"pid {directory}/nginx.pid; error_log {directory}/error.log; events {{}} http {{ access_log off; include {directory}/site.conf; }}",
                TestContext.Current.CancellationToken);

            using var check = ExternalProcess.Start("nginx", ["-t", "-c", Path.Combine(directory, "nginx.conf")]);
            var exit = await check.WaitForExitAsync();

            Assert.True(exit == 0, "nginx -t: " + check.Errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Systemd_UnitUsesTheEnvironmentFile_WhoseKeysAreRealSettings()
    {
        var unit = File.ReadAllLines(Path.Combine(Deploy, "systemd", "linzi-heritage.service"));
        Assert.Contains("EnvironmentFile=/etc/linzi-heritage/linzi-heritage.env", unit);
        Assert.Contains(unit, l => l.StartsWith("ExecStart=/usr/bin/dotnet ", StringComparison.Ordinal) && l.EndsWith("Linzi.Heritage.Server.dll", StringComparison.Ordinal));
        Assert.Contains("StateDirectory=linzi-heritage", unit);

        var sections = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [StorageOptions.SectionName] = typeof(StorageOptions),
            [AuthOptions.SectionName] = typeof(AuthOptions),
            [TimeSeriesOptions.SectionName] = typeof(TimeSeriesOptions),
            [InfluxDbOptions.SectionName] = typeof(InfluxDbOptions),
            [MqttOptions.SectionName] = typeof(MqttOptions),
            [MapOptions.SectionName] = typeof(MapOptions),
        };
        var keys = File.ReadAllLines(Path.Combine(Deploy, "systemd", "linzi-heritage.env"))
            .Select(l => l.TrimStart('#'))
            .Where(l => SettingLine().IsMatch(l))
            .Select(l => l.Split('=')[0])
            .ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys.Where(k => k.Contains("__", StringComparison.Ordinal)))
        {
            var (section, property) = (key.Split("__")[0], key.Split("__")[1]);
            Assert.True(sections.TryGetValue(section, out var type), $"{key}: unknown section");
            Assert.NotNull(type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance));
        }
    }

    [Fact]
    public async Task Systemd_UnitPassesSystemdsOwnCheck()
    {
        using var verify = ExternalProcess.Start("systemd-analyze", ["verify", Path.Combine(Deploy, "systemd", "linzi-heritage.service")]);
        var exit = await verify.WaitForExitAsync();

        Assert.True(exit == 0 && string.IsNullOrWhiteSpace(verify.Errors), "systemd-analyze verify: " + verify.Errors);
    }

    [Fact]
    public async Task Dockerfile_BuildStep_RunsAsAPlainDotnetPublish()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile"));
        var publish = Assert.Single(dockerfile, l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
        Assert.Contains("COPY . .", dockerfile);
        var output = Path.Combine(Path.GetTempPath(), "linzi-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The image builds in a copy of the repository root (COPY . .), so the same command runs from the root here.
            var arguments = publish["RUN dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "/app" ? output : a).ToList();
            using var process = ExternalProcess.Start("dotnet", arguments, ExternalProcess.RepositoryRoot);
            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromMinutes(4)));

            Assert.True(File.Exists(Path.Combine(output, "Linzi.Heritage.Server.dll")));
            Assert.True(File.Exists(Path.Combine(output, "wwwroot", "index.html")), "the web pages are published");
            Assert.True(File.Exists(Path.Combine(output, "wwwroot", "lib", "leaflet", "leaflet.js")));
            Assert.True(File.Exists(Path.Combine(output, "appsettings.json")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"\$\{([A-Z_]+)(?::?[-?][^}]*)?\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"^[A-Za-z_]+=")]
    private static partial Regex SettingLine();
}

/// <summary>The publish builds the whole server in Release: alone, so it does not slow timing-sensitive tests.</summary>
[CollectionDefinition(nameof(DeploymentKitTests), DisableParallelization = true)]
public sealed class DeploymentKitRunsAlone;
