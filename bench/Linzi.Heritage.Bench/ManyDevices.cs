using System.Diagnostics;

namespace Linzi.Heritage.Bench;

/// <summary>Many connected devices: the time to connect them all, then each publishing once every interval.</summary>
internal sealed record ManyDevicesResult(int Devices, int Connected, TimeSpan Connect, LoadResult Load, TimeSpan? Stored, TimeSpan Scheduled, Usage Usage)
{
    public TimeSpan? Lag => Stored - Scheduled;
}

internal static class ManyDevices
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public static async Task<ManyDevicesResult> RunAsync(Target target, ProcessMeter meter, IReadOnlyList<BenchDevice> devices, TimeSpan hold, TimeSpan wait)
    {
        await Scenarios.CatchUpAsync(target, wait);
        var before = target.Acknowledged;
        var cpu = meter.CpuSeconds();
        var watch = Stopwatch.StartNew();
        var connections = await Load.ConnectAsync(devices, target.MqttPort, parallel: 100);
        var connect = watch.Elapsed;
        Console.WriteLine($"  {target.Kind}: {connections.Count:N0} devices connected in {connect.TotalSeconds:0.0} s");
        try
        {
            var publishing = Stopwatch.StartNew();
            var perSecond = devices.Count / Interval.TotalSeconds;
            var load = target.Count(await Load.PublishAsync(connections, (long)(perSecond * hold.TotalSeconds), perSecond));
            var stored = await Scenarios.WaitStoredAsync(target, before + load.Acknowledged, publishing, wait);
            // Read while every device is still connected, so current RSS is the connected fleet's.
            var usage = meter.Since(cpu, watch.Elapsed);
            return new ManyDevicesResult(devices.Count, connections.Count, connect, load, stored.At, hold, usage);
        }
        finally
        {
            await Load.DisconnectAsync(connections);
        }
    }
}
