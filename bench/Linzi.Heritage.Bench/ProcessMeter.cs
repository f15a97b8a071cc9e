using System.Globalization;

namespace Linzi.Heritage.Bench;

/// <summary>
/// CPU and memory of the processes under test, from <c>/proc</c>: CPU is utime+stime (clock ticks, 100 per second on
/// Linux) read before and after a measurement; peak RSS is VmHWM, the process's high-water mark since it started.
/// </summary>
internal sealed class ProcessMeter(IReadOnlyList<(string Name, int Pid)> processes)
{
    private const double TicksPerSecond = 100;

    public IReadOnlyList<(string Name, int Pid)> Processes => processes;

    /// <summary>CPU seconds used so far by each process (the generator is this process).</summary>
    public double[] CpuSeconds() => [.. processes.Select(p => Ticks(p.Pid) / TicksPerSecond)];

    public Usage Since(double[] before, TimeSpan wall)
    {
        var after = CpuSeconds();
        return new Usage(wall, [.. processes.Select((p, i) => new ProcessUsage(p.Name, after[i] - before[i], Status(p.Pid, "VmHWM:"), Status(p.Pid, "VmRSS:")))]);
    }

    private static long Ticks(int pid)
    {
        try
        {
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>A <c>/proc/PID/status</c> line in MiB (the kernel writes kB).</summary>
    private static double Status(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>One process over one measurement: CPU seconds, peak and current RSS in MiB.</summary>
internal sealed record ProcessUsage(string Name, double CpuSeconds, double PeakRssMiB, double RssMiB);

/// <summary>All processes of a target plus the generator over one measurement of <see cref="Wall"/> length.</summary>
internal sealed record Usage(TimeSpan Wall, IReadOnlyList<ProcessUsage> Processes)
{
    public double TargetCpuSeconds => Processes.Where(p => p.Name != "generator").Sum(p => p.CpuSeconds);

    public double TargetPeakRssMiB => Processes.Where(p => p.Name != "generator").Sum(p => p.PeakRssMiB);

    public double TargetRssMiB => Processes.Where(p => p.Name != "generator").Sum(p => p.RssMiB);

    public string Describe() => string.Join(", ", Processes.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.CpuSeconds:0.0} s CPU ({100 * p.CpuSeconds / Math.Max(0.001, Wall.TotalSeconds):0}%), peak {p.PeakRssMiB:0} MiB")));
}
