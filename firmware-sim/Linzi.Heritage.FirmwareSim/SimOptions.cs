using System.Globalization;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>Command-line settings. Defaults match the server's embedded demo, so <c>firmware-sim</c> needs no flags.</summary>
public sealed record SimOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5080");
    public string MqttHost { get; init; } = "127.0.0.1";
    public int MqttPort { get; init; } = 1883;
    public string User { get; init; } = "maintenance";
    public string Password { get; init; } = "linzi-demo";
    public string DeviceSecret { get; init; } = "linzi-demo-device";
    public string Scenario { get; init; } = "normal";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan? Duration { get; init; }
    public string? DevicePrefix { get; init; }
    public bool Drill { get; init; }
    public int Seed { get; init; } = 42;
    public double ClockDriftPpm { get; init; } = 20;
    public string? BufferDirectory { get; init; }
    public int BufferCapacity { get; init; } = 10_000;
    public bool Tls { get; init; }
    public string? TlsCaFile { get; init; }
    public string? Fault { get; init; }
    public string? FaultDevices { get; init; }
    public TimeSpan FaultAfter { get; init; } = TimeSpan.FromSeconds(10);
    public int Generate { get; init; }
    public string? GenerateSite { get; init; }
    public string? CredentialsFile { get; init; }

    /// <summary>The fault a device has at a point of the run, or null.</summary>
    public string? FaultFor(string deviceId, TimeSpan elapsed) =>
        Fault is not null && elapsed >= FaultAfter && (FaultDevices is null || deviceId.StartsWith(FaultDevices, StringComparison.Ordinal)) ? Fault : null;
    public string VerifyUser { get; init; } = "bureau";
    public TimeSpan PatrolDwell { get; init; } = TimeSpan.FromMinutes(6);
    public TimeSpan PatrolStep { get; init; } = TimeSpan.FromSeconds(30);
    public double PatrolSpeedKmh { get; init; } = 5;

    public const string Usage = """
        firmware-sim: runs devices against a Linzi Heritage Grid Monitor server, as field firmware would.

        firmware-sim [options]                 run the registered (demo) devices, or a generated fleet
        firmware-sim verify SCENARIO [options] run a scenario and check the alerts it must raise
        firmware-sim patrol CELL[,CELL…] [options]
                                               an inspector's phone on patrol: walks to each cell and stays, then ends
        firmware-sim --help                    this text

        options:

          --api URL              server HTTP address (default http://127.0.0.1:5080)
          --mqtt-host HOST       broker host (default 127.0.0.1)
          --mqtt-port PORT       broker port (default 1883)
          --broker HOST:PORT     both at once
          --tls                  connect with TLS (the system's trusted roots)
          --tls-ca FILE          connect with TLS, trusting the CA (or self-signed broker) certificate in FILE (PEM or DER)
          --user NAME            account used to list devices (default maintenance)
          --password PASS        its password (default linzi-demo)
          --device-secret S      secret of the demo devices (default linzi-demo-device)
          --scenario NAME        normal | night-dig | machinery (default normal)
          --interval SECONDS     seconds between readings (default 5; the server may change it with sample_interval_s)
          --rate N               readings per second per device (instead of --interval)
          --duration SECONDS     stop after this long (default: night-dig 30, machinery 60, normal forever)
          --devices PREFIX       only devices whose id starts with PREFIX
          --generate N           provision N devices (all kinds) spread over --site's area through the API, and run them
          --site ID              the site for --generate (default horse-pit)
          --credentials FILE     device secrets (JSON {"id":"secret"}); --generate writes the new ones here
          --drill                mark every reading as a drill (演练): alerts go through the chain, marked as drills
          --seed N               random seed, for reproducible values (default 42)
          --buffer-dir DIR       keep each device's store-and-forward buffer and seq in DIR (survives a restart)
          --clock-drift-ppm N    largest clock drift of a device, ± parts per million (default 20)
          --fault KIND           stuck | spike (every fifth reading) | drift | dropout | powercut, from --fault-after seconds (default 10)
          --fault-devices PREFIX only those devices get the fault (default all)

        firmware-sim verify SCENARIO [options]
          runs a scenario (a shipped name or a JSON file) against a live server, then checks through the API that
          the expected alerts were raised and no unexpected one was; prints a pass/fail table; exit code 1 on failure.
          --verify-user NAME     account that reads alerts and registers the scenario's permits (default bureau)
          shipped scenarios: see firmware-sim/scenarios/ (docs/firmware-sim.md)

        firmware-sim patrol CELL[,CELL…] [options]
          signs in as --user (default inspector-03), starts a patrol, walks to the middle of each cell in turn and
          stays, a position every step, ends the patrol and prints the visits; exit code 1 when a cell got no visit.
          Real time: the server refuses positions stamped in the future.
          --dwell SECONDS        how long to stay in each cell (default 360; the server's minimum dwell is 300)
          --step SECONDS         seconds between positions (default 30, as the phone page sends them)
          --speed KMH            walking speed between cells (default 5)
        """;

    public static SimOptions Parse(string[] args)
    {
        var options = new SimOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--api" => options with { Api = new Uri(Next()) },
                "--mqtt-host" => options with { MqttHost = Next() },
                "--mqtt-port" => options with { MqttPort = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--user" => options with { User = Next() },
                "--password" => options with { Password = Next() },
                "--device-secret" => options with { DeviceSecret = Next() },
                "--scenario" => options with { Scenario = Next() },
                "--interval" => options with { Interval = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--devices" => options with { DevicePrefix = Next() },
                "--drill" => options with { Drill = true },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--broker" => Broker(options, Next()),
                "--generate" => options with { Generate = (int)Positive(int.Parse(Next(), CultureInfo.InvariantCulture), "--generate") },
                "--site" => options with { GenerateSite = Next() },
                "--credentials" => options with { CredentialsFile = Next() },
                "--tls" => options with { Tls = true },
                "--tls-ca" => options with { TlsCaFile = Next() },
                "--rate" => options with { Interval = TimeSpan.FromSeconds(1 / Positive(double.Parse(Next(), CultureInfo.InvariantCulture), "--rate")) },
                "--buffer-dir" => options with { BufferDirectory = Next() },
                "--clock-drift-ppm" => options with { ClockDriftPpm = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--fault" => options with { Fault = FaultKind(Next()) },
                "--fault-devices" => options with { FaultDevices = Next() },
                "--fault-after" => options with { FaultAfter = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--verify-user" => options with { VerifyUser = Next() },
                "--dwell" => options with { PatrolDwell = TimeSpan.FromSeconds(Positive(double.Parse(Next(), CultureInfo.InvariantCulture), "--dwell")) },
                "--step" => options with { PatrolStep = TimeSpan.FromSeconds(Positive(double.Parse(Next(), CultureInfo.InvariantCulture), "--step")) },
                "--speed" => options with { PatrolSpeedKmh = Positive(double.Parse(Next(), CultureInfo.InvariantCulture), "--speed") },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (!Scenarios.Names.Contains(options.Scenario))
        {
            throw new ArgumentException($"unknown scenario '{options.Scenario}'; use {string.Join(", ", Scenarios.Names)}");
        }

        return options.Duration is null && options.Scenario != "normal"
            ? options with { Duration = TimeSpan.FromSeconds(options.Scenario == "machinery" ? 60 : 30) }
            : options;
    }

    private static SimOptions Broker(SimOptions options, string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], CultureInfo.InvariantCulture, out var port)
            ? options with { MqttHost = value[..colon], MqttPort = port }
            : throw new ArgumentException($"--broker takes HOST:PORT, not '{value}'");
    }

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be above 0");

    private static string FaultKind(string value) =>
        value is "stuck" or "spike" or "drift" or "dropout" or "powercut"
            ? value
            : throw new ArgumentException($"--fault is one of stuck, spike, drift, dropout, powercut, not '{value}'");
}
