using Linzi.Heritage.FirmwareSim;

SimOptions options;
try
{
    options = SimOptions.Parse(args);
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
if (options.Duration is { } duration)
{
    cancel.CancelAfter(duration);
}

try
{
    return await FleetRunner.RunAsync(options, TimeProvider.System, Console.Out, cancel.Token);
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"Cannot reach the server at {options.Api}: {ex.Message}. Is it running (dotnet run --project src/Linzi.Heritage.Server)?");
    return 1;
}
