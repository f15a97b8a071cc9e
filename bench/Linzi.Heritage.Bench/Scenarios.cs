using System.Diagnostics;

namespace Linzi.Heritage.Bench;

/// <summary>Flat out: N messages as fast as PUBACKs return; time to the last PUBACK and until all are stored.</summary>
internal sealed record FlatOutResult(LoadResult Load, TimeSpan? Stored, long StoredCount, Usage Usage)
{
    /// <summary>How long after the last PUBACK the last message was stored (null: not within the wait).</summary>
    public TimeSpan? Lag => Stored - Load.Elapsed;

    public double? StoredPerSecond => Stored is { } s ? Load.Acknowledged / s.TotalSeconds : null;
}

/// <summary>One paced step: the rate asked for, what was sent, and the lag behind the step's scheduled end.</summary>
internal sealed record PacedStep(int Rate, LoadResult Load, TimeSpan Scheduled, TimeSpan? Stored, Usage Usage)
{
    public TimeSpan? Lag => Stored is { } s ? s - Scheduled : null;

    public bool Kept => Lag is { } lag && lag <= TimeSpan.FromSeconds(1) && Load.Failed == 0;

    /// <summary>End to end over the step: what was acknowledged over the time until it was all stored.</summary>
    public double? StoredPerSecond => Stored is { } s ? Load.Acknowledged / s.TotalSeconds : null;
}

internal static class Scenarios
{
    public static async Task<FlatOutResult> FlatOutAsync(Target target, ProcessMeter meter, IReadOnlyList<Connection> load, long messages, TimeSpan wait)
    {
        await CatchUpAsync(target, wait);
        var before = target.Acknowledged;
        var cpu = meter.CpuSeconds();
        var watch = Stopwatch.StartNew();
        var result = target.Count(await Load.PublishAsync(load, messages));
        var stored = await WaitStoredAsync(target, before + result.Acknowledged, watch, wait);
        var usage = meter.Since(cpu, watch.Elapsed);
        return new FlatOutResult(result, stored.At, stored.Count - before, usage);
    }

    /// <summary>Steps up the rate until a step's last message is stored more than a second after the step's end.</summary>
    public static async Task<List<PacedStep>> PacedAsync(Target target, ProcessMeter meter, IReadOnlyList<Connection> load, IEnumerable<int> rates, TimeSpan step, TimeSpan wait)
    {
        var steps = new List<PacedStep>();
        foreach (var rate in rates)
        {
            await CatchUpAsync(target, wait);
            var before = target.Acknowledged;
            var cpu = meter.CpuSeconds();
            var watch = Stopwatch.StartNew();
            var result = target.Count(await Load.PublishAsync(load, (long)(rate * step.TotalSeconds), rate));
            var stored = await WaitStoredAsync(target, before + result.Acknowledged, watch, wait);
            steps.Add(new PacedStep(rate, result, step, stored.At, meter.Since(cpu, watch.Elapsed)));
            Console.WriteLine($"  {target.Kind} paced {rate:N0}/s: sent {result.PerSecond:N0}/s, lag {steps[^1].Lag?.TotalSeconds:0.00} s");
            if (!steps[^1].Kept)
            {
                break;
            }
        }

        return steps;
    }

    /// <summary>Polls the target until it has stored <paramref name="expected"/> and is idle; the time on <paramref name="watch"/> then.</summary>
    public static async Task<(TimeSpan? At, long Count)> WaitStoredAsync(Target target, long expected, Stopwatch watch, TimeSpan wait)
    {
        var deadline = watch.Elapsed + wait;
        // InfluxDB's count(*) is a real query: poll it less often so the polling does not load the peer.
        var interval = TimeSpan.FromMilliseconds(target.Kind == "peer" ? 200 : 50);
        while (true)
        {
            var (stored, idle) = await target.Store.ReadAsync();
            var at = watch.Elapsed;
            if (stored >= expected && idle)
            {
                return (at, stored);
            }

            if (at > deadline)
            {
                Console.WriteLine($"  {target.Kind}: {stored:N0} of {expected:N0} stored{(idle ? "" : ", consumers still behind")} when the wait ran out");
                return (null, stored);
            }

            await Task.Delay(interval);
        }
    }

    /// <summary>Waits (up to <paramref name="wait"/>) until the target has stored everything it acknowledged so far.</summary>
    public static Task CatchUpAsync(Target target, TimeSpan wait) => WaitStoredAsync(target, target.Acknowledged, Stopwatch.StartNew(), wait);
}
