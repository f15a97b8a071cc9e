using System.Buffers;
using System.Text;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Ingestion.Decoding;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Ingestion.Tests.Decoding;

public sealed class TelemetryDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 3, 5, TimeSpan.Zero);

    private static TelemetryDecoder CreateSut() => new(new FakeTimeProvider(Now));

    private static DecodeResult Decode(string json) => Decode(Encoding.UTF8.GetBytes(json));

    private static DecodeResult Decode(byte[] payload) => CreateSut().Decode(new ReadOnlySequence<byte>(payload), "hp-vib-01", "horse-pit");

    [Fact]
    public void Decode_ContractExample_ReadsEveryField()
    {
        var result = Decode("""{"ts":"2026-11-26T14:03:05.120Z","seq":1842,"readings":{"ppv_mm_s":0.31,"temp_c":8.1},"battery_v":3.61,"rssi_dbm":-71,"lat":36.8612,"lon":118.3507}""");

        Assert.True(result.Ok, result.Detail);
        var reading = Assert.Single(result.Readings!);
        Assert.Equal(("hp-vib-01", "horse-pit"), (reading.DeviceId, reading.SiteId));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 3, 5, 120, TimeSpan.Zero), reading.Timestamp);
        Assert.Equal(1842, reading.Seq);
        Assert.Equal([("ppv_mm_s", 0.31), ("temp_c", 8.1)], reading.Values.Select(v => (v.Name, v.Value)));
        Assert.Equal((3.61, -71.0, 36.8612, 118.3507), (reading.BatteryV, reading.RssiDbm, reading.Lat, reading.Lon));
    }

    [Fact]
    public void Decode_ContractMetricNames_AreTheContractsOwnStrings()
    {
        var payload = "{\"readings\":{" + string.Join(',', MetricNames.All.Select(n => $"\"{n}\":1")) + "}}";

        var result = Decode(payload);

        // The same string instances as the Contracts constants: the decoder's name cache starts from the vocabulary.
        Assert.True(result.Ok, result.Detail);
        Assert.All(Assert.Single(result.Readings!).Values.Zip(MetricNames.All), pair => Assert.Same(pair.Second, pair.First.Name));
    }

    [Fact]
    public void Decode_Array_ReadsEveryReadingInOrder()
    {
        var result = Decode("""[{"seq":1,"readings":{"a":1}},{"seq":2,"readings":{"a":2}},{"seq":3,"readings":{"a":3}}]""");

        Assert.True(result.Ok);
        Assert.Equal([1L, 2L, 3L], result.Readings!.Select(r => r.Seq!.Value));
    }

    [Fact]
    public void Decode_NoTimestamp_UsesReceiveTime()
    {
        Assert.Equal(Now, Decode("""{"readings":{"a":1}}""").Readings![0].Timestamp);
    }

    [Fact]
    public void Decode_TimestampWithOffset_IsConvertedToInstant()
    {
        var result = Decode("""{"ts":"2026-11-26T22:03:05+08:00","readings":{"a":1}}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 3, 5, TimeSpan.Zero), result.Readings![0].Timestamp);
    }

    [Fact]
    public void Decode_UnknownFieldsAndNulls_AreIgnored()
    {
        var result = Decode("""{"readings":{"a":1},"extra":{"nested":[1,2,{"x":null}]},"battery_v":null}""");

        Assert.True(result.Ok, result.Detail);
        Assert.Null(result.Readings![0].BatteryV);
    }

    [Theory]
    [InlineData("""{"readings":{"a":1}""", RejectReasons.MalformedJson)]
    [InlineData("""not json""", RejectReasons.MalformedJson)]
    [InlineData("""{"readings":{"a":NaN}}""", RejectReasons.MalformedJson)]
    [InlineData("""{"readings":{"a":1}} trailing""", RejectReasons.MalformedJson)]
    [InlineData("""42""", RejectReasons.InvalidStructure)]
    [InlineData("""[1]""", RejectReasons.InvalidStructure)]
    [InlineData("""[]""", RejectReasons.BadBatchSize)]
    [InlineData("""{"ts":"2026-11-26T14:03:05Z"}""", RejectReasons.MissingReadings)]
    [InlineData("""{"readings":[1,2]}""", RejectReasons.MissingReadings)]
    [InlineData("""{"readings":null}""", RejectReasons.MissingReadings)]
    [InlineData("""{"readings":{}}""", RejectReasons.BadReadingsCount)]
    [InlineData("""{"readings":{"PPV":1}}""", RejectReasons.BadMetricName)]
    [InlineData("""{"readings":{"1abc":1}}""", RejectReasons.BadMetricName)]
    [InlineData("""{"readings":{"p\u00e9":1}}""", RejectReasons.BadMetricName)]
    [InlineData("""{"readings":{"a":"0.3"}}""", RejectReasons.BadValue)]
    [InlineData("""{"readings":{"a":true}}""", RejectReasons.BadValue)]
    [InlineData("""{"readings":{"a":1e400}}""", RejectReasons.BadValue)]
    [InlineData("""{"readings":{"a":1},"battery_v":"full"}""", RejectReasons.BadValue)]
    [InlineData("""{"readings":{"a":1},"ts":"2026-11-26T14:03:05"}""", RejectReasons.BadTimestamp)]
    [InlineData("""{"readings":{"a":1},"ts":"yesterday"}""", RejectReasons.BadTimestamp)]
    [InlineData("""{"readings":{"a":1},"ts":1764165785}""", RejectReasons.BadTimestamp)]
    [InlineData("""{"readings":{"a":1},"ts":"2026-11-26T14:08:06Z"}""", RejectReasons.FutureTimestamp)]
    [InlineData("""{"readings":{"a":1},"seq":-1}""", RejectReasons.BadSeq)]
    [InlineData("""{"readings":{"a":1},"seq":1.5}""", RejectReasons.BadSeq)]
    [InlineData("""{"readings":{"a":1},"lat":91,"lon":118}""", RejectReasons.BadPosition)]
    [InlineData("""{"readings":{"a":1},"lat":36.8}""", RejectReasons.BadPosition)]
    [InlineData("""[{"readings":{"a":1}},{"readings":{"a":"x"}}]""", RejectReasons.BadValue)]
    public void Decode_BrokenRule_IsRejectedWithReason(string json, string reason)
    {
        var result = Decode(json);

        Assert.False(result.Ok);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Fact]
    public void Decode_TimestampJustInsideFiveMinutes_IsAccepted()
    {
        Assert.True(Decode("""{"readings":{"a":1},"ts":"2026-11-26T14:08:05Z"}""").Ok);
    }

    [Fact]
    public void Decode_SixtyFourReadings_IsAcceptedAndSixtyFiveIsNot()
    {
        static string WithReadings(int n) => "{\"readings\":{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"m{i}\":{i}")) + "}}";

        Assert.True(Decode(WithReadings(64)).Ok);
        Assert.Equal(RejectReasons.BadReadingsCount, Decode(WithReadings(65)).Reason);
    }

    [Fact]
    public void Decode_OneMegabyteOfGarbage_IsRejectedAsTooLarge()
    {
        var garbage = new byte[1024 * 1024];
        new Random(7).NextBytes(garbage);

        Assert.Equal(RejectReasons.PayloadTooLarge, Decode(garbage).Reason);
    }

    [Fact]
    public void Decode_InvalidUtf8_IsMalformed()
    {
        Assert.Equal(RejectReasons.MalformedJson, Decode([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).Reason);
    }

    [Fact]
    public void Decode_PayloadSplitAcrossSegments_IsRead()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"seq":5,"readings":{"ppv_mm_s":0.31,"temp_c":8.1}}""");
        var first = new Segment(bytes.AsMemory(0, 20));
        var last = first.Append(bytes.AsMemory(20));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        var result = CreateSut().Decode(sequence, "d", "s");

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(2, result.Readings![0].Values.Count);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
