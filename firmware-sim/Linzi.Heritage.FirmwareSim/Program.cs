using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.FirmwareSim.Verify;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SimOptions.Usage);
    return 0;
}

var verify = args is ["verify", ..];
var patrol = args is ["patrol", ..];
string[] patrolCells = [];
string? scenarioName = null;
SimOptions options;
try
{
    if (verify)
    {
        scenarioName = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal)
            ? args[1]
            : throw new ArgumentException("verify needs a scenario: " + string.Join(", ", ScenarioFile.Shipped()));
        options = SimOptions.Parse(args[2..]);
    }
    else if (patrol)
    {
        patrolCells = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal)
            ? args[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        if (patrolCells.Length == 0)
        {
            throw new ArgumentException("patrol needs the cells to walk, such as: patrol qd-r1c2,qd-r1c3");
        }

        options = SimOptions.Parse(args[2..]);
        // The devices' account cannot patrol: an inspector does, the demo's inspector-03 unless one is named.
        options = args.Contains("--user") ? options : options with { User = "inspector-03" };
    }
    else
    {
        options = SimOptions.Parse(args);
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(SimOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    if (verify)
    {
        var scenario = ScenarioFile.Load(ScenarioFile.Resolve(scenarioName!));
        var verdicts = await Verifier.RunAsync(scenario, options, TimeProvider.System, Console.Out, cancel.Token);
        return await Verifier.ReportAsync(verdicts, Console.Out);
    }

    if (patrol)
    {
        return await PatrolWalk.RunAsync(options, patrolCells, TimeProvider.System, Console.Out, cancel.Token);
    }

    if (options.Duration is { } duration)
    {
        cancel.CancelAfter(duration);
    }

    return await FleetRunner.RunAsync(options, TimeProvider.System, Console.Out, cancel.Token);
}
catch (HttpRequestException ex) when (ex.StatusCode is not null)
{
    Console.Error.WriteLine(ex.Message); // the server answered, and refused
    return 1;
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"Cannot reach the server at {options.Api}: {ex.Message}. Is it running (dotnet run --project src/Linzi.Heritage.Server)?");
    return 1;
}
catch (Exception ex) when (ex is FileNotFoundException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
