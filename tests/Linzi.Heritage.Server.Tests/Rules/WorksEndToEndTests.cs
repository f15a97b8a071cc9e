using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Server.Works;

namespace Linzi.Heritage.Server.Tests.Rules;

public sealed class WorksEndToEndTests : IDisposable
{
    // Around the horse-pit hall, where hp-vib-01 (36.8752, 118.3675) stands.
    private const string HallPolygon = "POLYGON ((118.3660 36.8740, 118.3690 36.8740, 118.3690 36.8760, 118.3660 36.8760, 118.3660 36.8740))";

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Permit_SuppressesAndCountsInsideItsWindow_ThenExpiresMidStream()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var permit = new
        {
            id = "hall-roof-2026",
            approvalNumber = "临文旅许〔2026〕17号",
            contractor = "淄博古建修缮有限公司",
            wkt = HallPolygon,
            from = HeritageApp.Start.AddHours(-2),
            to = HeritageApp.Start.AddMinutes(-5),
        };
        using var created = await bureau.PostAsJsonAsync("/api/permits", permit, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await Publish(device, "hp-vib-01", HeritageApp.Start.AddMinutes(-30), 1, 0.6); // roof works, permitted
        await Publish(device, "hp-vib-01", HeritageApp.Start.AddMinutes(-20), 2, 0.7);
        var view = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<PermitView>>("/api/permits", TestContext.Current.CancellationToken))!
                .FirstOrDefault(p => p.SuppressedAlerts == 2),
            "two readings counted against the permit");
        Assert.Equal((false, true), (view.InForce, view.Expired)); // the fake clock stands after its end
        Assert.Empty((await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!);

        await Publish(device, "hp-vib-01", HeritageApp.Start.AddMinutes(-4), 3, 0.7); // the permit has expired
        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(),
            "the alert after the permit expired");
        Assert.Equal(("horse-pit-ppv-red", 0.7), (alert.RuleId, alert.Value));

        var audit = await bureau.GetFromJsonAsync<JsonElement>("/api/audit?entity=permit", TestContext.Current.CancellationToken);
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("created", "bureau", "hall-roof-2026"), (entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString(), entry.GetProperty("entityId").GetString()));
        Assert.Equal("临文旅许〔2026〕17号", entry.GetProperty("after").GetProperty("approvalNumber").GetString());
    }

    [Fact]
    public async Task MaintenanceWindow_OnADevice_SuppressesWithReason_OnlyThatDevice()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");
        using var created = await maintenance.PostAsJsonAsync(
            "/api/maintenance",
            new { id = "hp-co2-01-calibration", deviceId = "hp-co2-01", from = HeritageApp.Start.AddHours(-1), to = HeritageApp.Start.AddHours(1), reason = "校准，通标准气" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        // A blue CO2 alert is silenced by its device's window (red and intrusion alerts never are: MaintenanceSecurityTests).
        using (var one = await app.ConnectDeviceAsync("hp-co2-01", HeritageApp.DemoDeviceSecret))
        {
            await Publish(one, "hp-co2-01", HeritageApp.Start.AddMinutes(-1), 1, 1600, "co2_ppm");
        }

        using (var two = await app.ConnectDeviceAsync("hp-tilt-01", HeritageApp.DemoDeviceSecret))
        {
            await Publish(two, "hp-tilt-01", HeritageApp.Start.AddMinutes(-1), 1, 0.6, "tilt_x_deg");
        }

        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(),
            "the alert of the device not under maintenance");
        Assert.Equal("hp-tilt-01", alert.DeviceId);
        var window = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<MaintenanceView>>("/api/maintenance", TestContext.Current.CancellationToken))!
                .FirstOrDefault(m => m.SuppressedAlerts == 1),
            "the suppressed alert counted");
        Assert.Equal(("maintenance", true), (window.Window.CreatedBy, window.InForce));
        Assert.Single((await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task Works_Roles_AndValidation()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var bureau = await app.ClientAsAsync("bureau");
        var permit = new { id = "p1", approvalNumber = "A", contractor = "C", wkt = HallPolygon, from = HeritageApp.Start, to = HeritageApp.Start.AddDays(1) };

        using var byMaintenance = await maintenance.PostAsJsonAsync("/api/permits", permit, TestContext.Current.CancellationToken);
        using var byInspector = await inspector.PostAsJsonAsync("/api/maintenance", new { id = "m1", siteId = "horse-pit" }, TestContext.Current.CancellationToken);
        using var invalid = await bureau.PostAsJsonAsync(
            "/api/permits", new { id = "p2", approvalNumber = "A", contractor = "C", wkt = "LINESTRING (0 0, 1 1)", from = HeritageApp.Start, to = HeritageApp.Start.AddDays(-1) },
            TestContext.Current.CancellationToken);
        using var unknownDevice = await bureau.PostAsJsonAsync(
            "/api/maintenance", new { id = "m2", deviceId = "nope", from = HeritageApp.Start, to = HeritageApp.Start.AddDays(1), reason = "r" }, TestContext.Current.CancellationToken);
        using var readable = await inspector.GetAsync("/api/permits", TestContext.Current.CancellationToken);
        using var auditByInspector = await inspector.GetAsync("/api/audit", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, byMaintenance.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byInspector.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.Equal(["to", "wkt"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, unknownDevice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditByInspector.StatusCode);
    }

    private static async Task Publish(MQTTnet.IMqttClient device, string deviceId, DateTimeOffset at, int seq, double value, string metric = "ppv_mm_s")
    {
        var ts = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await device.PublishAsync(
            Topics.Telemetry("horse-pit", deviceId),
            string.Create(CultureInfo.InvariantCulture, $$$"""{"ts":"{{{ts}}}","seq":{{{seq}}},"readings":{"{{{metric}}}":{{{value}}}}}"""));
    }

    public void Dispose() => _data.Dispose();
}
