using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Registry;

/// <summary>
/// A device through its life over real HTTP and real MQTT: secret rotation with a grace period (on the server's fake
/// clock), revocation that cuts a live session, decommissioning that keeps history, edits, and the audit trail.
/// </summary>
public sealed class DeviceLifecycleTests : IDisposable
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task RotateSecret_DefaultGrace_OldSecretWorksUntilPreviousSecretValidUntil_ThenOnlyTheNewOne()
    {
        await using var app = new HeritageApp(_data.Path);
        var original = await app.ProvisionAsync("lc-tilt-01", "qi-capital", "tilt", 36.86, 118.3745);
        await ConnectAndLeaveAsync(app, "lc-tilt-01", original);
        using var maintenance = await app.ClientAsAsync("maintenance");

        using var response = await maintenance.PostAsync("/api/devices/lc-tilt-01/rotate-secret", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["id", "previousSecretValidUntil", "secret"], body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("lc-tilt-01", body.RootElement.GetProperty("id").GetString());
        var rotated = body.RootElement.GetProperty("secret").GetString()!;
        var validUntil = body.RootElement.GetProperty("previousSecretValidUntil").GetDateTimeOffset();
        Assert.NotEqual(original, rotated);
        Assert.True(rotated.Length >= 32);
        Assert.Equal(app.Time.GetUtcNow() + TimeSpan.FromHours(24), validUntil); // Devices:SecretRotationGrace defaults to a day

        await ConnectAndLeaveAsync(app, "lc-tilt-01", rotated);
        await ConnectAndLeaveAsync(app, "lc-tilt-01", original); // within the grace

        app.Time.SetUtcNow(validUntil - TimeSpan.FromSeconds(1));
        await ConnectAndLeaveAsync(app, "lc-tilt-01", original); // the last second of the grace

        app.Time.SetUtcNow(validUntil + TimeSpan.FromSeconds(1));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(app, "lc-tilt-01", original));
        await ConnectAndLeaveAsync(app, "lc-tilt-01", rotated);
    }

    [Fact]
    public async Task RotateSecret_GraceZero_RefusesTheOldSecretAtOnce_AndABadGraceIsA400()
    {
        await using var app = new HeritageApp(_data.Path);
        var original = await app.ProvisionAsync("lc-tilt-02", "qi-capital", "tilt", 36.86, 118.3745);
        using var bureau = await app.ClientAsAsync("bureau");

        using var negative = await bureau.PostAsync("/api/devices/lc-tilt-02/rotate-secret?graceMinutes=-1", null, TestContext.Current.CancellationToken);
        using var tooLong = await bureau.PostAsync("/api/devices/lc-tilt-02/rotate-secret?graceMinutes=10081", null, TestContext.Current.CancellationToken);
        await ConnectAndLeaveAsync(app, "lc-tilt-02", original); // the refused requests changed nothing
        var rotation = await RotateAsync(bureau, "lc-tilt-02", "?graceMinutes=0");
        using var unknown = await bureau.PostAsync("/api/devices/no-such-device/rotate-secret", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(["graceMinutes"], await ErrorFieldsAsync(negative));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Null(rotation.PreviousSecretValidUntil);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(app, "lc-tilt-02", original));
        await ConnectAndLeaveAsync(app, "lc-tilt-02", rotation.Secret);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Revoke_CutsLiveMqttSessions_RefusesReconnectsAndPublishes_UntilANewSecretIsIssued()
    {
        await using var app = new HeritageApp(_data.Path);
        var secret = await app.ProvisionAsync("lc-clim-01", "horse-pit", "climate", Telemetry.HorsePitLat, Telemetry.HorsePitLon);
        var topic = Topics.Telemetry("horse-pit", "lc-clim-01");
        using var api = await app.ClientAsAsync("maintenance");
        using var device = await app.ConnectDeviceAsync("lc-clim-01", secret);
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult(e);
            return Task.CompletedTask;
        };
        await device.PublishAsync(topic, Reading("2026-11-26T14:00:00Z", 55.1));
        await Eventually.History(api, "lc-clim-01", "?metric=rh_pct", 1);

        // A third-party client of the same device, subscribed to its command topic.
        using var subscriber = Mosquitto(app, "mosquitto_sub", "lc-clim-01", secret, ["-V", "mqttv5", "-d", "-i", "lc-clim-01-sub", "-t", Topics.Command("horse-pit", "lc-clim-01")]);
        await subscriber.WaitForLineAsync(l => l.Contains("SUBACK", StringComparison.Ordinal), "SUBACK from mosquitto_sub");

        using var revoke = await api.PostAsync("/api/devices/lc-clim-01/revoke", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var revoked = await revoke.Content.ReadFromJsonAsync<DeviceLifecycleResponse>(TestContext.Current.CancellationToken);
        Assert.Equal(("lc-clim-01", DeviceStates.Revoked, app.Time.GetUtcNow(), true), (revoked!.Id, revoked.State, revoked.At, revoked.SessionEnded));
        var cut = await disconnected.Task.WaitAsync(Bounded, TestContext.Current.CancellationToken);
        Assert.True(cut.ClientWasConnected);
        Assert.False(device.IsConnected);
        // mosquitto_sub is cut too, told why (MQTT 5 reason 135, not authorized), and gives up.
        await subscriber.WaitForLineAsync(l => l.Contains("DISCONNECT (135)", StringComparison.Ordinal), "DISCONNECT from the server to mosquitto_sub");
        await subscriber.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(app, "lc-clim-01", secret));
        var pub = await RunMosquittoAsync(app, "mosquitto_pub", "lc-clim-01", secret, ["-V", "mqttv5", "-q", "1", "-t", topic, "-m", Reading("2026-11-26T14:01:00Z", 66.6)]);
        Assert.NotEqual(0, pub);
        var listed = await api.GetFromJsonAsync<DeviceDto>("/api/devices/lc-clim-01", TestContext.Current.CancellationToken);
        Assert.Equal(DeviceStates.Revoked, listed!.State);

        // A new secret reinstates it, with no grace for the revoked one.
        var rotation = await RotateAsync(api, "lc-clim-01", "");
        Assert.Null(rotation.PreviousSecretValidUntil);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(app, "lc-clim-01", secret));
        using var again = await app.ConnectDeviceAsync("lc-clim-01", rotation.Secret, clientId: "lc-clim-01-again");
        await again.PublishAsync(topic, Reading("2026-11-26T14:02:00Z", 57.2));

        // The reading sent after the reinstatement is in; the one refused while revoked never was.
        var history = await Eventually.History(api, "lc-clim-01", "?metric=rh_pct", 2);
        Assert.Equal([55.1, 57.2], history.Points.Select(p => p.Value));
        Assert.Equal(DeviceStates.Active, (await api.GetFromJsonAsync<DeviceDto>("/api/devices/lc-clim-01", TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Revoke_WhileConnectedOverMqtt311_TheSessionEndsToo()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret, MQTTnet.Formatter.MqttProtocolVersion.V311);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        using var bureau = await app.ClientAsAsync("bureau");

        using var revoke = await bureau.PostAsync("/api/devices/hp-clim-01/revoke", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await disconnected.Task.WaitAsync(Bounded, TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(app, "hp-clim-01", HeritageApp.DemoDeviceSecret));
    }

    [Fact]
    public async Task Decommission_EndsTheSessionAndConnects_ButKeepsHistoryAndTheId()
    {
        await using var app = new HeritageApp(_data.Path);
        var secret = await app.ProvisionAsync("lc-clim-02", "horse-pit", "climate", Telemetry.HorsePitLat, Telemetry.HorsePitLon);
        using var api = await app.ClientAsAsync("maintenance");
        using var device = await app.ConnectDeviceAsync("lc-clim-02", secret);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        await device.PublishAsync(Topics.Telemetry("horse-pit", "lc-clim-02"), Reading("2026-11-26T14:00:00Z", 51.5));
        await device.PublishAsync(Topics.Telemetry("horse-pit", "lc-clim-02"), Reading("2026-11-26T14:01:00Z", 52.5));
        await Eventually.History(api, "lc-clim-02", "?metric=rh_pct", 2);

        using var delete = await api.DeleteAsync("/api/devices/lc-clim-02", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var gone = await delete.Content.ReadFromJsonAsync<DeviceLifecycleResponse>(TestContext.Current.CancellationToken);
        Assert.Equal((DeviceStates.Decommissioned, app.Time.GetUtcNow()), (gone!.State, gone.At));
        await disconnected.Task.WaitAsync(Bounded, TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(app, "lc-clim-02", secret));

        var inService = await api.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        var all = await api.GetFromJsonAsync<List<DeviceDto>>("/api/devices?include=decommissioned", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(inService!, d => d.Id == "lc-clim-02");
        var listed = Assert.Single(all!, d => d.Id == "lc-clim-02");
        Assert.Equal((DeviceStates.Decommissioned, app.Time.GetUtcNow()), (listed.State, listed.DecommissionedAt));
        Assert.Equal(inService!.Count + 1, all!.Count);

        var history = await api.GetFromJsonAsync<HistoryResponse>("/api/devices/lc-clim-02/readings?metric=rh_pct", TestContext.Current.CancellationToken);
        Assert.Equal([51.5, 52.5], history!.Points.Select(p => p.Value));

        using var reuse = await api.PostAsJsonAsync(
            "/api/devices", new ProvisionDeviceRequest("lc-clim-02", "horse-pit", "climate", Telemetry.HorsePitLat, Telemetry.HorsePitLon, null), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);
        using var rotate = await api.PostAsync("/api/devices/lc-clim-02/rotate-secret", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, rotate.StatusCode); // out of service for good: no new secret
    }

    [Fact]
    public async Task Update_MovesTheDeviceToAnotherCell_ValidatesLat_AndIsForMaintenanceAndBureauOnly()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var before = await maintenance.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        var moving = before!.Single(d => d.Id == "hp-tilt-01");
        var target = before!.Single(d => d.Id == "qc-crack-01");
        Assert.NotNull(target.CellId);
        Assert.NotEqual(moving.CellId, target.CellId);

        using var forbidden = await inspector.PutAsJsonAsync("/api/devices/hp-tilt-01", new UpdateDeviceRequest("x", target.Lat, target.Lon, null), TestContext.Current.CancellationToken);
        using var badLat = await maintenance.PutAsJsonAsync("/api/devices/hp-tilt-01", new UpdateDeviceRequest(null, 91, target.Lon, null), TestContext.Current.CancellationToken);
        using var badMetrics = await maintenance.PutAsJsonAsync("/api/devices/hp-tilt-01", new UpdateDeviceRequest(null, null, null, ["Not A Metric"]), TestContext.Current.CancellationToken);
        using var unknown = await maintenance.PutAsJsonAsync("/api/devices/no-such-device", new UpdateDeviceRequest("x", null, null, null), TestContext.Current.CancellationToken);
        var unchanged = await maintenance.GetFromJsonAsync<DeviceDto>("/api/devices/hp-tilt-01", TestContext.Current.CancellationToken);
        using var move = await maintenance.PutAsJsonAsync("/api/devices/hp-tilt-01", new UpdateDeviceRequest("倾角计（移位）", target.Lat, target.Lon, null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLat.StatusCode);
        Assert.Equal(["lat"], await ErrorFieldsAsync(badLat));
        Assert.Equal(HttpStatusCode.BadRequest, badMetrics.StatusCode);
        Assert.Equal(["metrics"], await ErrorFieldsAsync(badMetrics));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((moving.Lat, moving.Lon, moving.CellId, moving.Name), (unchanged!.Lat, unchanged.Lon, unchanged.CellId, unchanged.Name));

        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var after = await maintenance.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        var moved = after!.Single(d => d.Id == "hp-tilt-01");
        Assert.Equal((target.Lat, target.Lon, target.CellId, "倾角计（移位）"), (moved.Lat, moved.Lon, moved.CellId, moved.Name));
        Assert.Equal(moving.Metrics, moved.Metrics);

        using var bureau = await app.ClientAsAsync("bureau");
        using var back = await bureau.PutAsJsonAsync("/api/devices/hp-tilt-01", new UpdateDeviceRequest(null, moving.Lat, moving.Lon, null), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(moving.CellId, (await bureau.GetFromJsonAsync<DeviceDto>("/api/devices/hp-tilt-01", TestContext.Current.CancellationToken))!.CellId);
    }

    [Fact]
    public async Task Audit_RecordsRevokeRotateAndDecommission_AndNeverTheSecret()
    {
        await using var app = new HeritageApp(_data.Path);
        var original = await app.ProvisionAsync("lc-pir-01", "horse-pit", "pir", Telemetry.HorsePitLat, Telemetry.HorsePitLon);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");

        var graced = await RotateAsync(maintenance, "lc-pir-01", "");
        using (var revoke = await maintenance.PostAsync("/api/devices/lc-pir-01/revoke", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var reinstated = await RotateAsync(bureau, "lc-pir-01", "");
        using (var delete = await bureau.DeleteAsync("/api/devices/lc-pir-01", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        var raw = await bureau.GetStringAsync("/api/audit?entity=device&id=lc-pir-01", TestContext.Current.CancellationToken);
        using var audit = JsonDocument.Parse(raw);
        var entries = audit.RootElement.EnumerateArray().Reverse().ToList(); // oldest first
        var actions = entries.Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.Equal("created", actions[0]);
        Assert.Contains("revoked", actions);
        Assert.Contains("secret-rotated", actions);
        Assert.Equal("decommissioned", actions[^1]);
        Assert.True(actions.IndexOf("secret-rotated") < actions.IndexOf("revoked"));
        Assert.True(actions.LastIndexOf("secret-rotated") > actions.IndexOf("revoked"));
        Assert.Equal(["maintenance", "bureau"], entries.Where(e => e.GetProperty("action").GetString() is "revoked" or "decommissioned").Select(e => e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal("lc-pir-01", e.GetProperty("entityId").GetString()));
        var revokedEntry = entries.Single(e => e.GetProperty("action").GetString() == "revoked");
        Assert.Equal(app.Time.GetUtcNow(), revokedEntry.GetProperty("after").GetProperty("revokedAt").GetDateTimeOffset());
        var decommissionedEntry = entries[^1];
        Assert.Equal(app.Time.GetUtcNow(), decommissionedEntry.GetProperty("after").GetProperty("decommissionedAt").GetDateTimeOffset());

        foreach (var secret in new[] { original, graced.Secret, reinstated.Secret })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("$6$", raw, StringComparison.Ordinal); // nor any hash of one
    }

    private static string Reading(string ts, double rh) =>
        $$$"""{"ts":"{{{ts}}}","readings":{"rh_pct":{{{rh.ToString(CultureInfo.InvariantCulture)}}}}}""";

    private static async Task<RotateSecretResponse> RotateAsync(HttpClient client, string id, string query)
    {
        using var response = await client.PostAsync($"/api/devices/{id}/rotate-secret{query}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RotateSecretResponse>(TestContext.Current.CancellationToken))!;
    }

    private static async Task ConnectAndLeaveAsync(HeritageApp app, string deviceId, string secret)
    {
        var (client, result) = await app.TryConnectDeviceAsync(deviceId, secret, clientId: "probe-" + Guid.NewGuid().ToString("N")[..8]);
        using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            await client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    private static async Task<MqttClientConnectResultCode> ConnectResultAsync(HeritageApp app, string deviceId, string secret)
    {
        var (client, result) = await app.TryConnectDeviceAsync(deviceId, secret, clientId: "probe-" + Guid.NewGuid().ToString("N")[..8]);
        using (client)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
            }

            return result.ResultCode;
        }
    }

    internal static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private static ExternalProcess Mosquitto(HeritageApp app, string tool, string user, string secret, string[] arguments)
    {
        app.StartServer();
        string[] common = ["-h", "127.0.0.1", "-p", app.MqttPort.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", secret];
        // Line-buffered, so that -d's "received SUBACK" arrives while the client runs rather than when it exits.
        return ExternalProcess.Start("stdbuf", ["-oL", tool, .. common, .. arguments]);
    }

    private static async Task<int> RunMosquittoAsync(HeritageApp app, string tool, string user, string secret, string[] arguments)
    {
        using var process = Mosquitto(app, tool, user, secret, arguments);
        return await process.WaitForExitAsync();
    }

    public void Dispose() => _data.Dispose();
}
