using System.Globalization;
using System.Runtime.InteropServices;

namespace Linzi.Heritage.Bench;

/// <summary>The machine a run was on, and its load average before and after (the machine may be shared).</summary>
internal sealed record Machine(int Cores, double RamGiB, string Os, string Cpu, string LoadBefore, string LoadAfter)
{
    public static Machine Describe()
    {
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        return new Machine(Environment.ProcessorCount, long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0,
            $"{os ?? RuntimeInformation.OSDescription}, .NET {Environment.Version}", cpu ?? "?", LoadAverage(), "");
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
