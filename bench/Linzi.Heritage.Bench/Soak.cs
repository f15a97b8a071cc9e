using System.Collections.Concurrent;
using System.Diagnostics;

namespace Linzi.Heritage.Bench;

/// <summary>
/// A long paced run that looks for pauses: every PUBACK's latency, so a stall of the target (a checkpoint, a GC, a lock
/// held across I/O) shows as the publishes it held up. Opt-in (<c>--scenarios soak</c>): ten minutes per target.
/// </summary>
internal sealed record SoakResult(int Rate, LoadResult Load, double[] AckMs, (int Second, int Count, double MaxMs)[] SlowSeconds, TimeSpan? Lag, Usage Usage)
{
    /// <summary>A PUBACK slower than this counts as held up by a pause (the 20 ms).</summary>
    public const double PauseMs = 20;

    public double Percentile(double p) => AckMs.Length == 0 ? double.NaN : AckMs[Math.Clamp((int)Math.Ceiling(p * AckMs.Length) - 1, 0, AckMs.Length - 1)];

    /// <summary>How many PUBACKs took longer than <paramref name="ms"/> (the latencies are sorted).</summary>
    public int Over(double ms) => Array.FindIndex(AckMs, a => a > ms) is var first and >= 0 ? AckMs.Length - first : 0;

    public static async Task<SoakResult> RunAsync(Target target, ProcessMeter meter, IReadOnlyList<Connection> load, int rate, TimeSpan duration, TimeSpan wait)
    {
        await Scenarios.CatchUpAsync(target, wait);
        var before = target.Acknowledged;
        var cpu = meter.CpuSeconds();
        var acks = new ConcurrentQueue<(double At, double Ms)>();
        var watch = Stopwatch.StartNew();
        var result = target.Count(await Linzi.Heritage.Bench.Load.PublishAsync(load, (long)(rate * duration.TotalSeconds), rate, timings: acks));
        var stored = await Scenarios.WaitStoredAsync(target, before + result.Acknowledged, watch, wait);
        var slow = acks.Where(a => a.Ms > PauseMs).GroupBy(a => (int)a.At).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Count(), g.Max(a => a.Ms))).ToArray();
        return new SoakResult(rate, result, [.. acks.Select(a => a.Ms).Order()], slow, stored.At - duration, meter.Since(cpu, watch.Elapsed));
    }
}
