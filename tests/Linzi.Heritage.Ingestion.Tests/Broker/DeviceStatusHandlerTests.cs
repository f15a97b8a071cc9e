using System.Buffers;
using System.Text;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Rejections;
using Linzi.Heritage.Storage.Rejections;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Ingestion.Tests.Broker;

public sealed class DeviceStatusHandlerTests : IDisposable
{
    private const string Topic = "heritage/horse-pit/hp-vib-01/status";
    private static readonly DeviceSession Device = new("hp-vib-01", "horse-pit");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "linzi-status-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 14, 3, 5, TimeSpan.Zero));
    private readonly RecordingNotifier _notifier = new();
    private DeviceStatusTracker? _tracker;
    private RejectionLog? _rejections;

    private DeviceStatusHandler CreateSut()
    {
        _tracker = new DeviceStatusTracker(_notifier, _time, NullLogger<DeviceStatusTracker>.Instance);
        _rejections = new RejectionLog(new SqliteRejectedStore(new DataFiles(_directory)), _time, NullLogger<RejectionLog>.Instance);
        return new DeviceStatusHandler(_tracker, _rejections);
    }

    private static ReadOnlySequence<byte> Payload(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task HandleMessageAsync_Online_AcceptsAndRecordsStateAndFirmware()
    {
        var sut = CreateSut();

        var outcome = await sut.HandleMessageAsync("c1", Device, Topic, Payload("""{"state":"online","ts":"2026-11-26T14:03:05Z","fw":"1.4.2"}"""));

        Assert.Equal(IngestOutcome.Accepted, outcome);
        var status = _tracker!.Get("hp-vib-01");
        Assert.NotNull(status);
        Assert.True(status.Online);
        Assert.Equal(("horse-pit", "1.4.2"), (status.SiteId, status.Firmware));
        Assert.Single(_notifier.Statuses);
        Assert.Empty(_rejections!.CountsSinceStart);
    }

    [Fact]
    public async Task HandleMessageAsync_LastWillWithoutFirmware_GoesOfflineAndKeepsTheFirmware()
    {
        var sut = CreateSut();
        await sut.HandleMessageAsync("c1", Device, Topic, Payload("""{"state":"online","fw":"1.4.2"}"""));
        _time.Advance(TimeSpan.FromMinutes(3));

        var outcome = await sut.HandleMessageAsync("c1", Device, Topic, Payload("""{"state":"offline"}"""));

        Assert.Equal(IngestOutcome.Accepted, outcome);
        var status = _tracker!.Get("hp-vib-01")!;
        Assert.False(status.Online);
        Assert.Equal("1.4.2", status.Firmware);
        Assert.Equal(_time.GetUtcNow(), status.Since);
        Assert.Equal([true, false], _notifier.Statuses.Select(s => s.Online));
    }

    [Theory]
    [InlineData("""{"state":"sleeping"}""")]
    [InlineData("""{"state":"Online"}""")]
    [InlineData("""{"state":null}""")]
    [InlineData("""{"fw":"1.4.2"}""")]
    [InlineData("""{"state":"online","ts":"yesterday"}""")]
    [InlineData("""["online"]""")]
    [InlineData("offline")]
    [InlineData("")]
    public async Task HandleMessageAsync_NotAStatus_IsRejectedAsBadStatusAndChangesNothing(string payload)
    {
        var sut = CreateSut();

        var outcome = await sut.HandleMessageAsync("c1", Device, Topic, Payload(payload));

        Assert.Equal(IngestOutcome.Rejected, outcome);
        Assert.Equal(new Dictionary<string, long> { [RejectReasons.BadStatus] = 1 }, _rejections!.CountsSinceStart);
        Assert.Null(_tracker!.Get("hp-vib-01"));
        Assert.Empty(_notifier.Statuses);
    }

    [Fact]
    public async Task HandleMessageAsync_PayloadOverFourKiB_IsRejectedEvenWithAValidState()
    {
        var sut = CreateSut();
        var padded = """{"state":"online","fw":"x"}""" + new string(' ', 4_096);

        var outcome = await sut.HandleMessageAsync("c1", Device, Topic, Payload(padded));

        Assert.Equal(IngestOutcome.Rejected, outcome);
        Assert.Null(_tracker!.Get("hp-vib-01"));
    }

    [Fact]
    public async Task ConnectedThenDisconnected_GoesOnlineThenOffline()
    {
        var sut = CreateSut();

        await sut.ConnectedAsync(Device);
        Assert.True(_tracker!.Get("hp-vib-01")!.Online);
        await sut.DisconnectedAsync(Device, takenOver: false);

        Assert.False(_tracker.Get("hp-vib-01")!.Online);
        Assert.Equal([true, false], _notifier.Statuses.Select(s => s.Online));
    }

    [Fact]
    public async Task DisconnectedAsync_TakenOver_StaysOnline()
    {
        var sut = CreateSut();
        await sut.ConnectedAsync(Device);

        await sut.DisconnectedAsync(Device, takenOver: true);

        Assert.True(_tracker!.Get("hp-vib-01")!.Online);
        Assert.Single(_notifier.Statuses);
    }

    [Fact]
    public async Task ConnectedAsync_AfterAStatusWithFirmware_KeepsTheFirmware()
    {
        var sut = CreateSut();
        await sut.HandleMessageAsync("c1", Device, Topic, Payload("""{"state":"offline","fw":"1.4.2"}"""));

        await sut.ConnectedAsync(Device);

        Assert.Equal((true, "1.4.2"), (_tracker!.Get("hp-vib-01")!.Online, _tracker.Get("hp-vib-01")!.Firmware));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    // Records what clients would be told; only statuses matter here.
    private sealed class RecordingNotifier : IDeviceStatusNotifier
    {
        public List<DeviceStatus> Statuses { get; } = [];

        public Task DeviceStatusAsync(DeviceStatus status)
        {
            Statuses.Add(status);
            return Task.CompletedTask;
        }
    }
}
