using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Tests.Escalation;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Server.Tests.Notifications;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.SharedState;

/// <summary>
/// Three real server instances (<c>State:Provider=Postgres</c>, the Redis backplane) on one real PostgreSQL and one
/// real Redis, each with its own data directory and embedded broker: what one instance does is seen through the others.
/// </summary>
public sealed class SharedStateTests(SharedStateRig rig) : IClassFixture<SharedStateRig>, IDisposable
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _keys = new();
    private readonly List<TempDirectory> _data = [];

    [Fact]
    public async Task Alerts_ThroughInstancesOneAndThree_ReachTheNpmClientOnInstanceTwo_Once_AndItCatchesUpByAfterSeqOnInstanceOne()
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var one = Instance(deployment, "i1");
        _ = one.HttpAddress; // started first: it migrates the database and seeds the demo
        await using var two = Instance(deployment, "i2");
        await using var three = Instance(deployment, "i3");

        // A token from instance 1, presented to instance 2: the instances share the signing key and the sessions.
        var token = await one.TokenAsync("bureau");
        var hubUrl = new Uri(two.HttpAddress, "hubs/monitor").ToString();
        using var listener = ExternalProcess.Start("node", ["hub-listen.mjs", hubUrl, token, "2"], Path.Combine(ExternalProcess.RepositoryRoot, "tests", "node"));
        await listener.WaitForLineAsync(l => l.Contains("\"connected\"", StringComparison.Ordinal), "connection");

        // Only the backplane carries instance 1's device status to a connection on instance 2.
        using var deviceAtOne = await one.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await listener.WaitForLineAsync(l => l.Contains("\"DeviceStatus\"", StringComparison.Ordinal) && l.Contains("hp-vib-01", StringComparison.Ordinal), "instance 1's DeviceStatus on instance 2");

        await deviceAtOne.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:03:05Z","readings":{"ppv_mm_s":0.7}}""");
        var first = Body(await listener.WaitForLineAsync(l => l.Contains("\"AlertRaised\"", StringComparison.Ordinal), "the first AlertRaised"));
        using var deviceAtThree = await three.ConnectDeviceAsync("hp-vib-02", HeritageApp.DemoDeviceSecret);
        await deviceAtThree.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-02"), """{"ts":"2026-11-26T14:03:06Z","readings":{"ppv_mm_s":0.8}}""");
        var second = Body(await listener.WaitForLineAsync(
            l => l.Contains("\"AlertRaised\"", StringComparison.Ordinal) && !l.Contains(first.Id, StringComparison.Ordinal), "the second AlertRaised"));
        Assert.Equal(0, await listener.WaitForExitAsync());

        // Each pushed once (the listener stops at its second AlertRaised: a copy of the first, pushed by a second
        // instance through the backplane, would have been it), in order, numbered globally.
        Assert.Equal(("hp-vib-01", "hp-vib-02"), (first.DeviceId, second.DeviceId));
        Assert.Equal(first.Sequence + 1, second.Sequence);

        // The phone is away; a third alert is raised through instance 1. Back, through instance 1 this time, it asks
        // for what came after the last alert it saw: the next number, no gap.
        using var waterAtOne = await one.ConnectDeviceAsync("do-wl-01", HeritageApp.DemoDeviceSecret);
        await waterAtOne.PublishAsync(Topics.Telemetry("drainage-outlet", "do-wl-01"), """{"ts":"2026-11-26T14:03:07Z","readings":{"water_level_cm":160}}""");
        using var phone = one.CreateClient();
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var missed = await Eventually.Get(
            async () => await phone.GetFromJsonAsync<List<AlertDto>>($"/api/alerts?afterSeq={second.Sequence}", TestContext.Current.CancellationToken) is { Count: > 0 } list
                ? list : null,
            "the third alert through instance 1");

        Assert.Equal(second.Sequence + 1, missed.Min(a => a.Sequence));
        Assert.Contains(missed, a => a.DeviceId == "do-wl-01");
    }

    [Fact]
    public async Task SameBreach_ThroughTwoInstances_IsOneAlert()
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var one = Instance(deployment, "i1");
        _ = one.HttpAddress;
        await using var two = Instance(deployment, "i2");

        using var atOne = await one.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        using var atTwo = await two.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await atOne.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:03:05Z","readings":{"ppv_mm_s":0.7}}""");
        await atTwo.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:03:06Z","readings":{"ppv_mm_s":0.9}}""");
        using var bureau = await two.ClientAsAsync("bureau");

        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!
                .SingleOrDefault(a => a.DeviceId == "hp-vib-01" && a.Occurrences == 2),
            "one alert with both readings counted");
        var all = await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken);
        Assert.Single(all!, a => a.DeviceId == "hp-vib-01");
        Assert.Equal((0.9, new DateTimeOffset(2026, 11, 26, 14, 3, 6, TimeSpan.Zero)), (alert.LastValue, alert.LastAt)); // the later reading, whichever came first
    }

    [Fact]
    public async Task SameArrival_RecordedOnTwoInstancesAtOnce_IsOneEvent()
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var one = Instance(deployment, "i1");
        _ = one.HttpAddress;
        await using var two = Instance(deployment, "i2");
        using var device = await one.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:03:05Z","readings":{"ppv_mm_s":0.7}}""");
        using var bureau = await two.ClientAsAsync("bureau");
        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.SingleOrDefault(a => a.DeviceId == "hp-vib-01"),
            "the vibration alert");

        // Two phones' batches reach the alert on two instances at the same moment: each looked and saw no arrival yet.
        var recorded = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? one : two).Services.GetRequiredService<Server.Alerts.AlertActions>()
                .RecordOnceAsync(alert.Id, "inspector-03", Domain.Alerts.AlertEvent.Arrived, "on site")));

        Assert.Equal(1, recorded.Count(r => r));
        var events = two.Services.GetRequiredService<Domain.Alerts.IAlertStore>().Events(alert.Id);
        Assert.Single(events, e => e.Type == Domain.Alerts.AlertEvent.Arrived);
    }

    [Theory]
    [InlineData(false)] // a clean stop: instance 1 gives its leases up
    [InlineData(true)]  // instance 1 goes quiet: its leases run out
    public async Task SustainedBreach_ItsRulePartitionChangesHandsMidway_RaisesOneAlert_WhenTheSustainIsMet(bool ownerGoesQuiet)
    {
        // horse-pit-rh-high: rh_pct > 60 for 600 s. The first two readings are judged by instance 1, which holds every
        // rule partition (it started first); then instance 2 takes over and judges the rest. Only with the memory
        // rebuilt from what instance 1 judged is the breach 600 s old at the third reading.
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var one = Instance(deployment, "i1");
        using var bureau = await one.ClientAsAsync("bureau");
        await using var two = Instance(deployment, "i2");
        using var bureauTwo = await two.ClientAsAsync("bureau");
        var inbox = two.Services.GetRequiredService<IRuleInbox>(); // instance 1 stops midway
        var registry = two.Services.GetRequiredService<RegistryHolder>().Current;
        var partition = RulePartitioning.Of(RulePartitioning.Key(registry, registry.Devices["hp-clim-01"]), 8);
        var topic = Topics.Telemetry("horse-pit", "hp-clim-01");

        using (var device = await one.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(topic, """{"ts":"2026-11-26T13:50:00Z","readings":{"rh_pct":65}}""");
            await device.PublishAsync(topic, """{"ts":"2026-11-26T13:55:00Z","readings":{"rh_pct":66}}""");
            await Eventually.True(() => Task.FromResult(inbox.Checkpoint(partition) == 2), "both readings judged on instance 1");
        }

        if (ownerGoesQuiet)
        {
            // Instance 1's clock, which times its renewals, stands still; by instance 2's, its lease (15 s) ran out.
            two.Time.Advance(TimeSpan.FromSeconds(20));
            var leases = two.Services.GetRequiredService<ILeaseStore>();
            await Eventually.True(
                () => Task.FromResult(leases.Find(SingleOwnerWork.RulePartition(partition)) is { Owner: "i2", Token: 2 }), "instance 2 took the partition");
        }
        else
        {
            two.Time.Advance(TimeSpan.FromSeconds(5)); // past the pause before instance 2 asks for a lease again
        }

        await one.DisposeAsync();
        using (var device = await two.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(topic, """{"ts":"2026-11-26T14:00:00Z","readings":{"rh_pct":67}}""");
            await device.PublishAsync(topic, """{"ts":"2026-11-26T14:05:00Z","readings":{"rh_pct":66}}""");
            await Eventually.True(() => Task.FromResult(inbox.Checkpoint(partition) == 4), "the later readings judged on instance 2");
        }

        var alerts = (await bureauTwo.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!;
        var alert = Assert.Single(alerts, a => a.RuleId == "horse-pit-rh-high");
        Assert.Equal((67.0, new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero), 2), (alert.Value, alert.RaisedAt, alert.Occurrences));
        Assert.Equal(2, two.Services.GetRequiredService<RulePartitions>().Consumers[partition].Recalled);
    }

    [Fact]
    public async Task RegistryChange_OnInstanceTwo_IsInForceOnInstancesOneAndThree()
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var one = Instance(deployment, "i1");
        _ = one.HttpAddress;
        await using var two = Instance(deployment, "i2");
        await using var three = Instance(deployment, "i3");
        _ = three.HttpAddress;

        await two.ProvisionAsync("hp-vib-09", "horse-pit", "vibration", 36.85, 118.31);

        foreach (var other in new[] { one, three })
        {
            var registry = other.Services.GetRequiredService<RegistryHolder>();
            await Eventually.True(() => Task.FromResult(registry.Current.Devices.ContainsKey("hp-vib-09")), "the new device in the other instance's snapshot");
        }
    }

    [Fact]
    public async Task OutboxOwner_Stops_TheOtherInstanceSendsWhatFollows_AndEveryNoticeGoesOutOnce()
    {
        using var receiver = new WebhookReceiver();
        var deployment = rig.CreateDeployment(_keys.Path);
        Dictionary<string, string> Settings(string name) =>
            deployment.Instance(name).Concat(OutboxTests.Channels(receiver.Url, ("hook", "webhook"))).ToDictionary(kv => kv.Key, kv => kv.Value);
        await using var one = Instance(Settings("i1"), systemClock: true);
        using var bureauOne = await one.ClientAsAsync("bureau"); // started first: it holds the outbox's lease
        await using var two = Instance(Settings("i2"), systemClock: true);
        using var bureauTwo = await two.ClientAsAsync("bureau");

        var first = await EscalationTests.RaiseRedAsync(one, bureauOne);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), "the first notice");
        await one.DisposeAsync(); // a clean stop releases its leases: the other instance takes the outbox at once

        using (var device = await two.ConnectDeviceAsync("hp-vib-02", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-02"), """{"readings":{"ppv_mm_s":0.6}}""");
        }

        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count >= 2), "the second notice, through the other instance");
        await OutboxTests.AssertNothingMoreToSendAsync(two);
        var keys = receiver.Accepted.Select(a => a.Key).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Single(keys, k => k.Contains($":{first.Id}:raised:", StringComparison.Ordinal));
        Assert.Single(keys, k => !k.Contains($":{first.Id}:", StringComparison.Ordinal) && k.Contains(":raised:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccountDisabled_ThroughInstanceOne_ItsTokenAndHubConnectionOnInstanceTwoStop()
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        await using var one = Instance(deployment, "i1");
        using var bureau = await one.ClientAsAsync("bureau");
        await using var two = Instance(deployment, "i2");
        using var inspector = await two.ClientAsAsync("inspector-01");
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync("/api/alerts", TestContext.Current.CancellationToken)).StatusCode); // cached on 2
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(two.HttpAddress, "hubs/monitor?access_token=" + Uri.EscapeDataString(await two.TokenAsync("inspector-01"))))
            .Build();
        await hub.StartAsync(TestContext.Current.CancellationToken);
        var hubs = two.Services.GetRequiredService<HubSessions>();
        await Eventually.True(() => Task.FromResult(hubs.Count == 1), "the connection counted");

        using var disable = await bureau.PutAsJsonAsync("/api/users/inspector-01", new UpdateUserRequest(null, null, null, true), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        await Eventually.True(
            async () => (await inspector.GetAsync("/api/alerts", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.Unauthorized,
            "the token refused on instance 2");
        await Eventually.True(() => Task.FromResult(hubs.Count == 0), "the hub connection on instance 2 closed");
    }

    [Theory]
    [InlineData("ConnectionStrings:Heritage")]
    [InlineData("Integrity:KeyFile")]
    [InlineData("Auth:SigningKey")]
    public async Task Start_OnPostgresWithoutWhatInstancesMustShare_FailsNamingTheSetting(string missing)
    {
        var settings = rig.CreateDeployment(_keys.Path).Instance("i1", redis: false);
        settings[missing] = "";
        await using var app = Instance(settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _keys.Dispose();
        foreach (var data in _data)
        {
            data.Dispose();
        }
    }

    private static AlertDto Body(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("body").Deserialize<AlertDto>(WebJson)!;
    }

    private HeritageApp Instance(SharedStateRig.Deployment deployment, string name) => Instance(deployment.Instance(name));

    private HeritageApp Instance(Dictionary<string, string> settings, bool systemClock = false)
    {
        var data = new TempDirectory();
        _data.Add(data);
        return new HeritageApp(data.Path, realHttp: true, systemClock: systemClock, settings: settings);
    }
}
