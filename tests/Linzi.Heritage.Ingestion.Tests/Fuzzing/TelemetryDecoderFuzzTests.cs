using System.Buffers;
using System.Reflection;
using CsCheck;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Ingestion.Decoding;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Ingestion.Tests.Fuzzing;

/// <summary>
/// Issue 15: generated hostile payloads against the telemetry decoder. No exception escapes, every refusal carries
/// a known reason and a detail, and whatever is accepted is finite and well named.
/// </summary>
public sealed class TelemetryDecoderFuzzTests
{
    private static readonly HashSet<string> Reasons = typeof(RejectReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);

    private readonly TelemetryDecoder _decoder = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 14, 5, 0, TimeSpan.Zero)));

    [Fact]
    public void HostilePayloads_AreDecodedOrRefusedWithAReason_NeverThrow()
    {
        HostileJson.Payload.Sample(
            payload =>
            {
                var result = _decoder.Decode(new ReadOnlySequence<byte>(payload), "hp-vib-01", "horse-pit");
                if (!result.Ok)
                {
                    return Reasons.Contains(result.Reason!) && !string.IsNullOrEmpty(result.Detail);
                }

                return result.Readings!.All(r =>
                    r.Values.Count is > 0 and <= TelemetryDecoder.MaxReadings &&
                    r.Values.All(v => double.IsFinite(v.Value) && !string.IsNullOrEmpty(v.Name)) &&
                    (r.Lat is null || double.IsFinite(r.Lat.Value)) && (r.Lon is null || double.IsFinite(r.Lon.Value)));
            },
            iter: 60_000,
            threads: 1);
    }

    [Fact]
    public void EscapedLoneSurrogateAsAMetricName_IsRefusedAsMalformed()
    {
        // Found by the test above: the reader threw InvalidOperationException, not JsonException, for a name it cannot
        // turn into a string, and the exception escaped the decoder.
        var result = _decoder.Decode(new ReadOnlySequence<byte>("""{"readings":{"\ud800":1}}"""u8.ToArray()), "hp-vib-01", "horse-pit");

        Assert.Equal(RejectReasons.MalformedJson, result.Reason);
    }

    [Fact]
    public void Batches_AreAllOrNothing()
    {
        Gen.Select(HostileJson.Telemetry.Array[1, 5], Gen.Int[0, 4]).Sample(
            (items, good) =>
            {
                var valid = """{"readings":{"ppv_mm_s":0.1}}""";
                var batch = items.Select((item, i) => i == good % items.Length ? valid : item).ToArray();
                var whole = _decoder.Decode(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes("[" + string.Join(",", batch) + "]")), "hp-vib-01", "horse-pit");
                var alone = batch.Select(i => _decoder.Decode(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(i)), "hp-vib-01", "horse-pit")).ToList();
                // All or nothing: a batch is accepted only when every element alone would be, and then holds them all;
                // one element refused alone refuses the batch. (A batch may also be refused as a whole, with a reason.)
                var allAlone = alone.All(a => a.Ok && a.Readings!.Count == 1);
                return whole.Ok
                    ? allAlone && whole.Readings!.Count == batch.Length
                    : Reasons.Contains(whole.Reason!) && !string.IsNullOrEmpty(whole.Detail);
            },
            iter: 10_000,
            threads: 1,
            seed: "ap59VQ6WZ5b1"); // the seed that found a batch refused as a whole while each element alone was accepted
    }
}
