using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;

namespace Linzi.Heritage.FirmwareSim.Verify;

/// <summary>What a scenario run sent.</summary>
public sealed record RunResult(int Devices, int Readings, int Replayed, int PowerCuts, IReadOnlyDictionary<string, int> SentByDevice);

/// <summary>
/// Plays a scenario's timeline on its virtual clock: every <see cref="ScenarioFile.Tick"/> virtual seconds each
/// device takes a reading (background signals, or the timeline's values, paths and faults), timestamped with the
/// virtual time; real time advances <see cref="ScenarioFile.Speed"/> times slower.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Runs the timeline to its end.</summary>
    public static async Task<RunResult> RunAsync(
        ScenarioFile scenario, IReadOnlyList<DeviceDto> devices, DateTimeOffset virtualStart, SimOptions options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var fleet = devices.Select(d => new ScenarioDevice(d, options.MqttHost, options.MqttPort, options.DeviceSecret)).ToList();
        try
        {
            for (var t = 0.0; t < scenario.Duration; t += scenario.Tick)
            {
                var at = virtualStart.AddSeconds(t);
                foreach (var device in fleet)
                {
                    var steps = scenario.Timeline.Where(s => s.Applies(device.Device.Id, t)).ToList();
                    if (steps.Any(s => s.Fault == "powercut"))
                    {
                        await device.PowerCutAsync();
                        continue;
                    }

                    var message = Reading(device, steps, t, at, options.Drill, random);
                    await device.OfferAsync(message, networkDown: steps.Any(s => s.Fault == "outage"), cancellationToken);
                }

                await Task.Delay(TimeSpan.FromSeconds(scenario.Tick / scenario.Speed), time, cancellationToken);
            }

            // The network is back for everyone at the end: flush what is still buffered.
            foreach (var device in fleet.Where(d => d.Buffered > 0 && !d.Dead))
            {
                await device.OfferAsync(Reading(device, [], scenario.Duration, virtualStart.AddSeconds(scenario.Duration), options.Drill, random), false, cancellationToken);
            }

            return new RunResult(
                fleet.Count, fleet.Sum(d => d.Sent), fleet.Sum(d => d.Replayed), fleet.Count(d => d.Dead),
                fleet.ToDictionary(d => d.Device.Id, d => d.Sent, StringComparer.Ordinal));
        }
        finally
        {
            foreach (var device in fleet)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static TelemetryMessage Reading(ScenarioDevice device, List<TimelineStep> steps, double t, DateTimeOffset at, bool drill, Random random)
    {
        var values = new Dictionary<string, double>();
        foreach (var metric in device.Device.Metrics)
        {
            var step = steps.LastOrDefault(s => s.Set.ContainsKey(metric));
            values[metric] = step is null
                ? Signals.Background(metric, device.Device.SiteId, at, random)
                : step.Set[metric].At(Fraction(step, t), random);
        }

        double? lat = device.Device.Mobile ? device.Device.Lat : null, lon = device.Device.Mobile ? device.Device.Lon : null;
        if (device.Device.Mobile && steps.LastOrDefault(s => s.Path.Count > 0) is { } walk)
        {
            (lat, lon) = Along(walk.Path, Fraction(walk, t));
        }

        return new TelemetryMessage { Ts = at, Seq = ++device.Seq, Readings = values, Drill = drill, Lat = lat, Lon = lon, BatteryV = 3.6, RssiDbm = -70 };
    }

    private static double Fraction(TimelineStep step, double t) =>
        step.Until is { } until && until > step.At ? (t - step.At) / (until - step.At) : 0;

    private static (double Lat, double Lon) Along(IReadOnlyList<double[]> path, double fraction)
    {
        if (path.Count == 1)
        {
            return (path[0][0], path[0][1]);
        }

        var position = Math.Clamp(fraction, 0, 1) * (path.Count - 1);
        var i = Math.Min((int)position, path.Count - 2);
        var f = position - i;
        return (path[i][0] + ((path[i + 1][0] - path[i][0]) * f), path[i][1] + ((path[i + 1][1] - path[i][1]) * f));
    }
}
