using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Coordination;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite.IO;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// The alert ledger and its writers, built by hand on the real SQLite adapter in a fresh temporary directory, with a
/// fake clock and a registry of one grid cell (chain inspector-03 → chief-qidu → chief-linzi → chief-district) and
/// one site whose chief answers for devices outside the cell. No host, no timers: tests call the sweeps themselves.
/// Not thread-safe to build; the subjects it builds are.
/// </summary>
internal sealed class AlertRig : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    public static readonly Rule PpvRule =
        new("hp-ppv", "殉马坑振动", Severity.Orange, RuleScope.Everything, new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25));

    public static readonly GridCell Cell = new(
        "qidu-01", "齐都网格一", new WKTReader().Read("POLYGON ((118.30 36.84, 118.32 36.84, 118.32 36.86, 118.30 36.86, 118.30 36.84))"),
        "inspector-03", "chief-qidu", "chief-linzi", "chief-district");

    public static readonly Site HorsePit = new("horse-pit", "东周殉马坑", "Horse Pit", ProtectionLevel.National, ["bone"], 36.85, 118.31, "chief-site");

    private readonly TempDirectory _data = new();

    public AlertRig(Func<IAlertStore, IAlertStore>? wrapStore = null, RuleOptions? rules = null)
    {
        Files = new DataFiles(_data.Path);
        Store = new SqliteAlertStore(Files);
        Registry.Set(new RegistrySnapshot([HorsePit], [], [Cell], [], []));
        Ledger = new AlertLedger(wrapStore?.Invoke(Store) ?? Store, Store, Time);
        Leases = new LeaseKeeper(new SqliteLeaseStore(Files), Time, Options.Create(new CoordinationOptions { InstanceId = "rig" }), NullLogger<LeaseKeeper>.Instance);
        Rules = new RuleAlerts(Ledger, Options.Create(rules ?? new RuleOptions()), NullLogger<RuleAlerts>.Instance);
        Actions = new AlertActions(Ledger);
        Escalation = new EscalationMonitor(Ledger, Registry, Time, Options.Create(new EscalationOptions()), Leases, NullLogger<EscalationMonitor>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public RegistryHolder Registry { get; } = new();

    public DataFiles Files { get; }

    /// <summary>The real adapter, read directly (it is also the ledger's store unless wrapped).</summary>
    public SqliteAlertStore Store { get; }

    public AlertLedger Ledger { get; }

    /// <summary>This rig's leases on single-owner work, on the same state file.</summary>
    public LeaseKeeper Leases { get; }

    public RuleAlerts Rules { get; }

    public AlertActions Actions { get; }

    public EscalationMonitor Escalation { get; }

    /// <summary>The same match as <see cref="RaiseAsync"/>, as one operation of a pipeline batch.</summary>
    public RaiseAlert RaiseOf(string deviceId, double value = 0.3, Severity? severity = null)
    {
        var device = new Device(deviceId, HorsePit.Id, "vibration", ["ppv_mm_s"], 36.85, 118.31);
        var match = new RuleMatch(PpvRule, "ppv_mm_s", value) { Severity = severity ?? PpvRule.Severity };
        return new RaiseAlert(match, new ReadingContext(device, new Location(Cell, []), HorsePit), Time.GetUtcNow());
    }

    /// <summary>A match of <see cref="PpvRule"/> on a device inside the grid cell, or outside every cell (the site's chief answers).</summary>
    public Task<RaiseOutcome> RaiseAsync(string deviceId, double value = 0.3, Severity? severity = null, bool inCell = true)
    {
        var device = new Device(deviceId, HorsePit.Id, "vibration", ["ppv_mm_s"], 36.85, 118.31);
        var context = new ReadingContext(device, inCell ? new Location(Cell, []) : Location.Nowhere, HorsePit);
        var match = new RuleMatch(PpvRule, "ppv_mm_s", value) { Severity = severity ?? PpvRule.Severity };
        return Rules.RaiseAsync(match, context, Time.GetUtcNow());
    }

    /// <summary>The open alert of <see cref="PpvRule"/> for a device, as stored.</summary>
    public Alert StoredAlertOf(string deviceId) =>
        Store.Query(new AlertQuery()).Single(a => a.RuleId == PpvRule.Id && a.DeviceId == deviceId && a.IsActive);

    /// <summary>The whole feed, oldest first.</summary>
    public IReadOnlyList<AlertChange> Feed() => Store.ChangesAfter(0, int.MaxValue);

    /// <summary>
    /// The sequence of every change that was pushed as a transition (raised or updated), in feed order. Each such
    /// change takes a number; evidence and reminders do not.
    /// </summary>
    public IReadOnlyList<long> PushedSequences() => [.. Feed().Where(c => c.Push != AlertPush.None).Select(c => c.Alert.Sequence)];

    public void Dispose()
    {
        Escalation.Dispose();
        Ledger.Dispose();
        _data.Dispose();
    }
}
