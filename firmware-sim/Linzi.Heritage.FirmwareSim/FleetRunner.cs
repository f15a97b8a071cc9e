using System.Globalization;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>What a fleet run did, for the summary and for tests.</summary>
public sealed record FleetSummary(int Devices, int Connected, long Taken, long Published, long Buffered, long Reconnects, TimeSpan Elapsed)
{
    /// <summary>Alerts the server raised for these devices since the run began, by severity.</summary>
    public string Alerts { get; init; } = "";
}

/// <summary>
/// Signs in, chooses the fleet, connects it (many at a time), and ticks every device each second until cancelled;
/// each device samples on its own interval. Progress goes to the console (a live table on a terminal, lines
/// otherwise); a summary ends the run.
/// </summary>
public static class FleetRunner
{
    /// <summary>Runs the fleet; returns the process exit code.</summary>
    public static async Task<int> RunAsync(SimOptions options, TimeProvider time, TextWriter output, CancellationToken cancellationToken) =>
        (await RunWithSummaryAsync(options, time, output, cancellationToken)) is { Connected: > 0 } ? 0 : 1;

    /// <summary>Runs the fleet and returns what it did.</summary>
    public static async Task<FleetSummary> RunWithSummaryAsync(SimOptions options, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        // Devices that fail to connect say so from their own tasks at once, and a StringWriter (the tests' output) is
        // not safe for that: concurrent lines once crashed the run ("Destination is too short").
        output = TextWriter.Synchronized(output);
        using var http = new HttpClient { BaseAddress = options.Api };
        var api = new ServerApi(http);
        await api.SignInAsync(options.User, options.Password, cancellationToken);
        var selected = await Fleet.SelectAsync(http, options, output, cancellationToken);
        if (selected.Count == 0)
        {
            await output.WriteLineAsync("No devices to simulate.");
            return new FleetSummary(0, 0, 0, 0, 0, 0, TimeSpan.Zero);
        }

        await output.WriteLineAsync($"Connecting {selected.Count} devices to {options.MqttHost}:{options.MqttPort} (scenario {options.Scenario})...");
        var devices = selected.Select(s => new SimulatedDevice(s.Device, options, time, s.Secret)).ToList();
        var skipped = await ConnectAllAsync(devices, output, cancellationToken);
        devices = [.. devices.Where(d => !skipped.Contains(d))];
        if (devices.Count == 0)
        {
            await output.WriteLineAsync("No device could connect; check --device-secret and --mqtt-port.");
            return new FleetSummary(selected.Count, 0, 0, 0, 0, 0, TimeSpan.Zero);
        }

        await DescribeScenarioAsync(options, output);
        var alerts = await AlertWatcher.StartAsync(http, devices.Select(d => d.Id), cancellationToken);
        var started = time.GetTimestamp();
        await ProgressDisplay.RunAsync(output, async show =>
        {
            var lastReport = started;
            using var timer = new PeriodicTimer(options.Interval < TimeSpan.FromSeconds(1) ? options.Interval : TimeSpan.FromSeconds(1), time);
            try
            {
                do
                {
                    var elapsed = time.GetElapsedTime(started);
                    await Task.WhenAll(devices.Select(d => d.TickAsync(elapsed, cancellationToken)));
                    if (time.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(5))
                    {
                        lastReport = time.GetTimestamp();
                        show(Summarise(devices, selected.Count, elapsed) with { Alerts = await alerts.DescribeAsync(cancellationToken) });
                    }
                }
                while (await timer.WaitForNextTickAsync(cancellationToken));
            }
            catch (OperationCanceledException)
            {
                // Duration reached or Ctrl+C.
            }
        });

        var summary = Summarise(devices, selected.Count, time.GetElapsedTime(started)) with { Alerts = await alerts.DescribeAsync(CancellationToken.None) };
        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Done in {summary.Elapsed.TotalSeconds:0} s: {summary.Connected} of {summary.Devices} devices, {summary.Taken} readings taken, " +
            $"{summary.Published} acknowledged, {summary.Buffered} still buffered, {summary.Reconnects} reconnects; alerts seen: {summary.Alerts}."));
        return summary;
    }

    private static FleetSummary Summarise(List<SimulatedDevice> devices, int selected, TimeSpan elapsed) => new(
        selected, devices.Count(d => d.Connected), devices.Sum(d => d.Taken), devices.Sum(d => d.Published), devices.Sum(d => (long)d.Buffered),
        devices.Sum(d => d.Reconnects), elapsed);

    private static async Task<HashSet<SimulatedDevice>> ConnectAllAsync(List<SimulatedDevice> devices, TextWriter output, CancellationToken cancellationToken)
    {
        var skipped = new HashSet<SimulatedDevice>();
        using var throttle = new SemaphoreSlim(64); // a broker accepts thousands of connects, not all in one instant
        await Task.WhenAll(devices.Select(async device =>
        {
            await throttle.WaitAsync(cancellationToken);
            try
            {
                await device.ConnectAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // A device provisioned with its own secret, not in --credentials, cannot be simulated; say so and go on.
                lock (skipped)
                {
                    skipped.Add(device);
                }

                await output.WriteLineAsync($"  skipped {device.Id}: {ex.Message}");
                await device.DisposeAsync();
            }
            finally
            {
                throttle.Release();
            }
        }));
        return skipped;
    }

    private static async Task DescribeScenarioAsync(SimOptions options, TextWriter output)
    {
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
    }
}
