using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Linzi.Heritage.Contracts.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Formatter;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>
/// The real server (embedded MQTTnet broker on an ephemeral TCP port, SQLite in a unique temp directory, demo
/// registry), with HTTP and SignalR through the in-memory test server.
/// </summary>
public sealed class HeritageApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "linzi-demo";
    public const string DemoDeviceSecret = "linzi-demo-device";

    /// <param name="dataDirectory">A unique temporary directory.</param>
    /// <param name="realHttp">Serve HTTP on a real loopback port (Kestrel) for out-of-process clients.</param>
    /// <param name="systemClock">Use the real clock, for clients that stamp readings with it (the simulator).</param>
    /// <param name="settings">Extra configuration, such as the InfluxDB provider.</param>
    /// <param name="mqttPort">A fixed broker port, to restart a server where devices expect it; a free one by default.</param>
    /// <param name="services">Replaces services after the server's own registrations, to inject a fault.</param>
    public HeritageApp(
        string dataDirectory, bool realHttp = false, bool systemClock = false, IReadOnlyDictionary<string, string>? settings = null, int? mqttPort = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = dataDirectory;
        MqttPort = mqttPort ?? FreePort();
        _realHttp = realHttp;
        _systemClock = systemClock;
        if (realHttp)
        {
            UseKestrel(); // For third-party clients (node, browsers) that need a real socket.
        }
    }

    private readonly bool _realHttp;
    private readonly bool _systemClock;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>The real HTTP address when started with <c>realHttp</c>.</summary>
    public Uri HttpAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }

    public string DataDirectory { get; }

    /// <summary>The extra configuration it was started with (to start it again the same way).</summary>
    public IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>
    /// The server's clock: fixed at <see cref="Start"/> so device timestamps in tests are never "in the future".
    /// Timers (the live-map push) only fire when a test advances it.
    /// </summary>
    public FakeTimeProvider Time { get; } = new(Start);

    public static DateTimeOffset Start { get; } = new(2026, 11, 26, 14, 5, 0, TimeSpan.Zero);

    public int MqttPort { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Mqtt:Port", MqttPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Demo:Enabled", "true");

        // Access tokens last 15 minutes by default, and many tests move the fake clock on by more while holding one
        // (escalation, no-data, incidents). They test those features, not token expiry: give them a shift-long
        // token. Token tests set Auth:TokenLifetime themselves (settings below win).
        builder.UseSetting("Auth:TokenLifetime", "12:00:00");
        if (_realHttp)
        {
            builder.UseSetting("Urls", "http://127.0.0.1:0");
        }

        if (!_systemClock)
        {
            // The writer's gathering pause runs on the server's clock, which only moves when a test moves it: without
            // this, history would stop after the first write. Tests on the real clock keep the default.
            builder.UseSetting("TimeSeries:BatchWindow", "00:00:00");
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (!_systemClock)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>Waits until <c>/readyz</c> reports every check healthy (for example, connected to an external broker).</summary>
    public static Task WaitUntilReadyAsync(HttpClient client) =>
        Eventually.True(
            async () =>
            {
                try
                {
                    return (await client.GetStringAsync("/readyz", TestContext.Current.CancellationToken)).Contains("\"Healthy\"", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the server to be ready");

    public async Task<string> TokenAsync(string user)
    {
        using var anonymous = CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new TokenRequest(user, DemoPassword));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    public async Task<HttpClient> ClientAsAsync(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return client;
    }

    /// <summary>Provisions a device as maintenance staff and returns its one-time secret.</summary>
    public async Task<string> ProvisionAsync(string id, string siteId, string kind, double lat, double lon)
    {
        using var client = await ClientAsAsync("maintenance");
        using var response = await client.PostAsJsonAsync("/api/devices", new ProvisionDeviceRequest(id, siteId, kind, lat, lon, null));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ProvisionDeviceResponse>();
        Assert.Equal(id, body!.Id);
        return body.Secret;
    }

    /// <summary>A SignalR connection that passes the token in the query string, as browser clients do.</summary>
    public async Task<HubConnection> HubAsync(string user)
    {
        var token = await TokenAsync(user);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/monitor?access_token=" + Uri.EscapeDataString(token)), o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        return connection;
    }

    public async Task<IMqttClient> ConnectDeviceAsync(
        string deviceId, string secret, MqttProtocolVersion version = MqttProtocolVersion.V500, string? clientId = null, bool cleanStart = true)
    {
        var (client, result) = await TryConnectDeviceAsync(deviceId, secret, version, clientId, cleanStart);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    /// <summary>Connects and returns the CONNACK result, whatever it is (MQTTnet 5 does not throw on refusal).</summary>
    public async Task<(IMqttClient Client, MqttClientConnectResult Result)> TryConnectDeviceAsync(
        string deviceId, string secret, MqttProtocolVersion version = MqttProtocolVersion.V500, string? clientId = null, bool cleanStart = true)
    {
        StartServer(); // Starts the host, and with it the broker, if nothing has yet.
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(clientId ?? "test-" + deviceId)
            .WithCredentials(deviceId, secret)
            .WithProtocolVersion(version)
            .WithCleanStart(cleanStart)
            // A persistent session (clean start off) needs an expiry under MQTT 5; an hour outlives any test.
            .WithSessionExpiryInterval(cleanStart ? 0u : 3600u)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        return (client, result);
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
