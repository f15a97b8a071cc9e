using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Storage.Devices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// The silent-device sweep on one instance while another hears the device: the sweep judges from every instance's
/// sightings (recorded by each instance's publisher in the shared state), not only from what its own broker handed it.
/// </summary>
public sealed class SilenceAcrossInstancesTests : IDisposable
{
    private static readonly Device Vibration = new("hp-vib-01", AlertRig.HorsePit.Id, "vibration", ["ppv_mm_s"], 36.85, 118.31);
    private static readonly Rule Silence = new("silent", "设备失联", Severity.Orange, RuleScope.Everything, new NoDataCondition(TimeSpan.FromMinutes(15)));
    private readonly AlertRig _rig = new();

    [Fact]
    public async Task CheckAsync_DeviceHeardOnlyByAnotherInstance_IsNotSilent_UntilItStopsThere()
    {
        _rig.Registry.Set(new RegistrySnapshot([AlertRig.HorsePit], [], [AlertRig.Cell], [Vibration], [Silence]));
        var sightings = new SqliteDeviceSightings(_rig.Files);
        var sweep = Sweep(sightings);
        var otherInstance = Tracker();
        var otherPublisher = new SightingsPublisher(
            otherInstance, sightings, _rig.Time, Options.Create(new CoordinationOptions()), NullLogger<SightingsPublisher>.Instance);

        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        otherInstance.Seen(new Reading(Vibration.Id, Vibration.SiteId, _rig.Time.GetUtcNow(), 1, [new MetricValue("ppv_mm_s", 0.1)]));
        Assert.Equal(1, otherPublisher.PublishOnce());
        Assert.Equal(0, otherPublisher.PublishOnce()); // nothing moved since

        _rig.Time.Advance(TimeSpan.FromMinutes(10)); // 20 minutes since this instance started, 10 since heard over there
        await sweep.CheckAsync();
        Assert.Empty(_rig.Store.Active());

        _rig.Time.Advance(TimeSpan.FromMinutes(6)); // 16 minutes since heard anywhere
        await sweep.CheckAsync();
        var alert = Assert.Single(_rig.Store.Active());
        Assert.Equal((Silence.Id, Vibration.Id), (alert.RuleId, alert.DeviceId));
    }

    [Fact]
    public async Task CheckAsync_OnAnInstanceThatTookTheSweepOver_KeepsTheSilentDevicesAlertOpen()
    {
        _rig.Registry.Set(new RegistrySnapshot([AlertRig.HorsePit], [], [AlertRig.Cell], [Vibration], [Silence]));
        var sightings = new SqliteDeviceSightings(_rig.Files);
        var first = Sweep(sightings);
        _rig.Time.Advance(TimeSpan.FromMinutes(16));
        await first.CheckAsync();
        Assert.Single(_rig.Store.Active());

        // The first owner is gone; an instance started just now takes the sweep over. It has heard nothing, and to it
        // the device is silent only since its own start: not a sign of life, so the alert stays.
        await Sweep(sightings).CheckAsync();

        Assert.Single(_rig.Store.Active());
    }

    public void Dispose() => _rig.Dispose();

    private NoDataMonitor Sweep(IDeviceSightings sightings) => new(
        _rig.Registry, new WorksHolder(), Tracker(), sightings, _rig.Rules, _rig.Time, Options.Create(new RuleOptions()), _rig.Leases,
        NullLogger<NoDataMonitor>.Instance);

    private DeviceStatusTracker Tracker() => new(new NoNotifier(), _rig.Time, NullLogger<DeviceStatusTracker>.Instance);

    private sealed class NoNotifier : IDeviceStatusNotifier
    {
        public Task DeviceStatusAsync(DeviceStatus status) => Task.CompletedTask;
    }
}
