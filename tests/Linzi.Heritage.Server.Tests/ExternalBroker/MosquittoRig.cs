using System.Globalization;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.ExternalBroker;

/// <summary>
/// A real Mosquitto started by tests/services/mosquitto.sh on a free port, configured with the password and ACL files
/// that the server's own <c>mosquitto-config</c> command wrote from a demo registry.
/// </summary>
public sealed class MosquittoRig : IAsyncDisposable
{
    public const string ServerPassword = "server-test-password";

    private readonly string _state = Path.Combine(Path.GetTempPath(), "linzi-mosquitto-" + Guid.NewGuid().ToString("N"));

    private MosquittoRig()
    {
    }

    public int Port { get; private set; }

    /// <summary>Starts a Mosquitto without accounts (anonymous clients allowed).</summary>
    public static async Task<MosquittoRig> StartOpenAsync()
    {
        var rig = new MosquittoRig();
        await rig.ControlAsync("start-open");
        rig.Port = int.Parse(await File.ReadAllTextAsync(Path.Combine(rig._state, "port"), TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
        return rig;
    }

    /// <summary>Writes the files with the server's command (against <paramref name="dataDirectory"/>) and starts Mosquitto.</summary>
    public static async Task<MosquittoRig> StartAsync(string dataDirectory)
    {
        var rig = new MosquittoRig();
        using (var command = ServerProcess.Run([
            "mosquitto-config", rig._state, "--Demo:Enabled=true", $"--Storage:DataDirectory={dataDirectory}", $"--Mqtt:Password={ServerPassword}"]))
        {
            Assert.True(await command.WaitForExitAsync() == 0, "mosquitto-config failed: " + command.Errors);
        }

        Assert.Contains("user hp-vib-01", await File.ReadAllTextAsync(Path.Combine(rig._state, "acl"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await rig.ControlAsync("start");
        rig.Port = int.Parse(await File.ReadAllTextAsync(Path.Combine(rig._state, "port"), TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
        return rig;
    }

    /// <summary>Server settings for external mode against this broker.</summary>
    public Dictionary<string, string> Settings(string clientId, string? sharedGroup = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Password"] = ServerPassword,
            ["Mqtt:ClientId"] = clientId,
        };
        if (sharedGroup is not null)
        {
            settings["Mqtt:SharedGroup"] = sharedGroup;
        }

        return settings;
    }

    public Task RestartAsync() => ControlAsync("restart");

    public async ValueTask DisposeAsync()
    {
        await ControlAsync("stop");
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private async Task ControlAsync(string action)
    {
        using var process = ExternalProcess.Start("bash", [Path.Combine(ExternalProcess.RepositoryRoot, "tests", "services", "mosquitto.sh"), action, _state]);
        var exit = await process.WaitForExitAsync();
        Assert.True(exit == 0, $"mosquitto.sh {action} failed: {process.Errors}");
    }
}
