namespace Linzi.Heritage.FirmwareSim;

/// <summary>Signs in, fetches the registered devices, connects them all and ticks them until cancelled.</summary>
public static class FleetRunner
{
    /// <summary>Runs the fleet; returns the process exit code.</summary>
    public static async Task<int> RunAsync(SimOptions options, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.Api };
        var api = new ServerApi(http);
        await api.SignInAsync(options.User, options.Password, cancellationToken);
        var registered = await api.DevicesAsync(cancellationToken);
        var selected = registered.Where(d => options.DevicePrefix is null || d.Id.StartsWith(options.DevicePrefix, StringComparison.Ordinal)).ToList();
        if (selected.Count == 0)
        {
            await output.WriteLineAsync("No devices to simulate.");
            return 1;
        }

        await output.WriteLineAsync($"Connecting {selected.Count} devices to {options.MqttHost}:{options.MqttPort} (scenario {options.Scenario})...");
        var devices = new List<SimulatedDevice>();
        foreach (var device in selected.Select(d => new SimulatedDevice(d, options, time)))
        {
            try
            {
                await device.ConnectAsync(cancellationToken);
                devices.Add(device);
            }
            catch (Exception ex) when (ex is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // A device provisioned with its own secret (not the demo one) cannot be simulated; say so and go on.
                await output.WriteLineAsync($"  skipped {device.Id}: {ex.Message}");
                await device.DisposeAsync();
            }
        }

        if (devices.Count == 0)
        {
            await output.WriteLineAsync("No device could connect; check --device-secret and --mqtt-port.");
            return 1;
        }
        if (options.Scenario == "night-dig")
        {
            await output.WriteLineAsync($"night-dig: digging starts at the horse-burial pit after {Scenarios.NightDigStartsAfter.TotalSeconds:0} s; expect a red alert.");
        }
        else if (options.Scenario == "machinery")
        {
            await output.WriteLineAsync(
                $"machinery: the excavator enters the Qi capital's protection zone after {Scenarios.NightDigStartsAfter.TotalSeconds:0} s; " +
                "after the 30 s debounce expect machinery-in-protection (red, 19:00-06:00 Linzi time) or machinery-in-protection-day (yellow).");
        }

        var started = time.GetTimestamp();
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            do
            {
                var elapsed = time.GetElapsedTime(started);
                await Task.WhenAll(devices.Select(d => d.TickAsync(elapsed, cancellationToken)));
                await output.WriteLineAsync($"{elapsed.TotalSeconds,6:0}s  published {devices.Sum(d => d.Published)} readings");
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Duration reached or Ctrl+C.
        }

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        await output.WriteLineAsync($"Done: {devices.Sum(d => d.Published)} readings published.");
        return 0;
    }
}
