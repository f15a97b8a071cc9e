using System.Text;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Server.Registry;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Mosquitto;

/// <summary>
/// <c>mosquitto-config DIR</c>: writes <c>DIR/passwd</c> and <c>DIR/acl</c> for an external Mosquitto from the
/// registry, so it enforces the same per-device rules as the embedded broker: each device may write only its own
/// telemetry and status topics and read only its own cmd topic; the server's account reads every device's topics
/// (directly or through a shared subscription) and writes commands. Device hashes are copied as stored ($6$ format);
/// no secret is ever in clear text. Run it again after provisioning devices, then reload Mosquitto (SIGHUP).
/// </summary>
public static class MosquittoConfigCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "mosquitto-config";

    /// <summary>Writes the files; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string directory)
    {
        ArgumentNullException.ThrowIfNull(app);
        var mqtt = app.Services.GetRequiredService<IOptions<MqttOptions>>().Value;
        if (string.IsNullOrEmpty(mqtt.Password))
        {
            await Console.Error.WriteLineAsync("Set Mqtt:Password (the server's own broker account) before writing Mosquitto files.");
            return 2;
        }

        // Seeds the demo when enabled, then loads the registry, exactly as at start-up.
        await app.Services.GetServices<IHostedService>().OfType<RegistryLoader>().Single().StartAsync(CancellationToken.None);
        var registry = app.Services.GetRequiredService<RegistryHolder>().Current;
        var store = app.Services.GetRequiredService<IRegistryStore>();

        Directory.CreateDirectory(directory);
        var passwd = new StringBuilder().Append(mqtt.Username).Append(':').AppendLine(DeviceSecrets.Hash(mqtt.Password));
        var acl = new StringBuilder()
            .AppendLine("# Written by Linzi Heritage Grid Monitor (mosquitto-config). Do not edit; run the command again.")
            .Append("user ").AppendLine(mqtt.Username)
            .AppendLine("topic read " + Topics.AllTelemetry)
            .AppendLine("topic read " + Topics.AllStatus)
            .AppendLine("topic write " + Topics.Root + "/+/+/cmd")
            .AppendLine();
        var devices = 0;
        foreach (var device in registry.Devices.Values.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            // Mosquitto holds one hash per user, so a rotated device's previous secret has no grace there.
            if (device.RevokedAt is not null || store.GetCredential(device.Id)?.SecretHash is not { } hash)
            {
                continue;
            }

            passwd.Append(device.Id).Append(':').AppendLine(hash);
            acl.Append("user ").AppendLine(device.Id)
                .AppendLine("topic write " + Topics.Telemetry(device.SiteId, device.Id))
                .AppendLine("topic write " + Topics.Status(device.SiteId, device.Id))
                .AppendLine("topic read " + Topics.Command(device.SiteId, device.Id))
                .AppendLine();
            devices++;
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "passwd"), passwd.ToString());
        await File.WriteAllTextAsync(Path.Combine(directory, "acl"), acl.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, "passwd"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await Console.Out.WriteLineAsync($"Wrote {Path.Combine(directory, "passwd")} and {Path.Combine(directory, "acl")} for {devices} devices and the server account '{mqtt.Username}'.");
        return 0;
    }
}
