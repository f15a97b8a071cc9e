using System.Globalization;

namespace Linzi.Heritage.Bench;

/// <summary>Command-line settings of the benchmark.</summary>
internal sealed record BenchOptions(Uri Api, int MqttPort, int Devices, int Batches, int BatchSize, string Out)
{
    public int Readings => Devices * Batches * BatchSize;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(new Uri("http://127.0.0.1:5080"), 1883, 50, 200, 50, Path.Combine("bench", "results"));
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--api" => options with { Api = new Uri(value) },
                "--mqtt-port" => options with { MqttPort = int.Parse(value, CultureInfo.InvariantCulture) },
                "--devices" => options with { Devices = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batches" => options with { Batches = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batch-size" => options with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => options with { Out = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
