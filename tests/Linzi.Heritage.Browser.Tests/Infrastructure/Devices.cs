using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Browser.Tests.Infrastructure;

/// <summary>Publishing as a demo device, the way field sensors do.</summary>
public static class Devices
{
    public static async Task PublishAsync(this HeritageApp app, string siteId, string deviceId, string payload)
    {
        using var device = await app.ConnectDeviceAsync(deviceId, HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry(siteId, deviceId), payload);
        await device.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptionsBuilder().Build(), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Waits until the history holds <paramref name="count"/> readings of the metric. Rules run ahead of the
    /// time-series writer, so an alert can be on screen before its reading is stored; a chart opened then would lack it.
    /// </summary>
    public static async Task StoredAsync(this HeritageApp app, string deviceId, string metric, int count)
    {
        using var client = await app.ClientAsAsync("bureau");
        await Eventually.History(client, deviceId, $"?metric={metric}", count);
    }

    /// <summary>A red vibration alert in the horse-burial pit (cell qd-r1c5, inspector-03).</summary>
    public static Task HorsePitRedAsync(this HeritageApp app) =>
        app.PublishAsync("horse-pit", "hp-vib-01", """{"readings":{"ppv_mm_s":0.9}}""");
}
