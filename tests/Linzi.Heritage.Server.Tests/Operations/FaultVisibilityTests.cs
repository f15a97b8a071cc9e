using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Health;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Storage.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Operations;

/// <summary>
/// Issue 15, faults that must be visible: with the data disk full, ingestion refused correctly but readiness stayed
/// Healthy, no system alert reached the bureau and only the log said "database or disk is full".
/// </summary>
public sealed class FaultVisibilityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task FullDataDisk_IsRefused_Reported_AndCleared_WhenSpaceReturns()
    {
        FullDiskJournal? journal = null;
        await using var app = new HeritageApp(
            _data.Path,
            services: s => s.AddSingleton<IReadingJournal>(sp => journal = new FullDiskJournal(sp.GetRequiredService<SqliteJournal>())));
        using var bureau = await app.ClientAsAsync("bureau");
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        var monitor = app.Services.GetRequiredService<FaultMonitor>();

        journal!.Full = true;
        // No PUBACK without a journaled reading: refused, and the connection dropped so a 3.1.1 device resends.
        await Assert.ThrowsAnyAsync<MQTTnet.Exceptions.MqttCommunicationException>(
            () => device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"seq":1,"readings":{"rh_pct":55}}"""));
        await monitor.CheckOnceAsync();

        using (var ready = await bureau.GetAsync("/readyz", TestContext.Current.CancellationToken))
        {
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("database or disk is full", body.RootElement.GetProperty("checks").GetProperty("faults").GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        var alert = Assert.Single(await SystemAlertsAsync(bureau), a => a.RuleId == FaultMonitor.RulePrefix + "journal");
        Assert.Equal(("red", "open"), (alert.Severity, alert.State));
        await monitor.CheckOnceAsync(); // raised once, not again on every round
        Assert.Single(await SystemAlertsAsync(bureau), a => a.RuleId == FaultMonitor.RulePrefix + "journal");

        // Space returns: the device's resend is taken, and the fault clears everywhere.
        journal.Full = false;
        using var resend = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        var accepted = await resend.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"seq":1,"readings":{"rh_pct":55}}""");
        await monitor.CheckOnceAsync();

        Assert.Equal(MqttClientPublishReasonCode.Success, accepted.ReasonCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("resolved", Assert.Single(await SystemAlertsAsync(bureau), a => a.RuleId == FaultMonitor.RulePrefix + "journal").State);
    }

    private static async Task<List<AlertDto>> SystemAlertsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=system", TestContext.Current.CancellationToken))!;

    /// <summary>The real journal, except that while <see cref="Full"/> an append fails as SQLite does on a full disk.</summary>
    private sealed class FullDiskJournal(IReadingJournal inner) : IReadingJournal
    {
        public volatile bool Full;

        public long LastPosition => inner.LastPosition;

        public bool IsRunning => inner.IsRunning;

        public Task AppendAsync(IReadOnlyList<Reading> readings) =>
            Full ? Task.FromException(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)) : inner.AppendAsync(readings);

        public ChannelReader<bool> Subscribe() => inner.Subscribe();

        public IReadOnlyList<JournalEntry> ReadAfter(long position, int max) => inner.ReadAfter(position, max);

        public int DeleteConsumed(DateTimeOffset cutoff) => inner.DeleteConsumed(cutoff);

        public DateTimeOffset? ReceivedAt(long position) => inner.ReceivedAt(position);

        public IReadOnlyDictionary<string, long> LastSequences() => inner.LastSequences();
    }

    public void Dispose() => _data.Dispose();
}
