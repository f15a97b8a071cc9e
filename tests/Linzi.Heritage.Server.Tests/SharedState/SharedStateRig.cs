using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Tests.Shared;

namespace Linzi.Heritage.Server.Tests.SharedState;

/// <summary>
/// What several instances share, for real: a PostgreSQL cluster (<see cref="PostgresCluster"/>) and a Redis
/// (tests/services/redis.sh), each on a free port, started once for a test class. <see cref="Deployment.Instance"/> gives the
/// settings of one instance of a deployment: every instance of one deployment shares its database, its Redis, its
/// integrity key file and its token signing key, and has a data directory and a name of its own.
/// </summary>
public sealed class SharedStateRig : IAsyncLifetime
{
    private readonly PostgresCluster _postgres = new();
    private readonly string _redisState = Path.Combine(Path.GetTempPath(), "linzi-redis-" + Guid.NewGuid().ToString("N"));

    /// <summary>The Redis address (host:port).</summary>
    public string Redis { get; private set; } = "";

    /// <summary>A new deployment: an empty database and a key directory of its own.</summary>
    public Deployment CreateDeployment(string keyDirectory) => new(_postgres.CreateDatabase(), Redis, keyDirectory);

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await _postgres.StartAsync();
        await RedisAsync("start");
        Redis = "127.0.0.1:" + (await File.ReadAllTextAsync(Path.Combine(_redisState, "port"))).Trim();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await RedisAsync("stop");
        await _postgres.DisposeAsync();
    }

    private async Task RedisAsync(string action)
    {
        using var process = ExternalProcess.Start("bash", [Path.Combine(ExternalProcess.RepositoryRoot, "tests", "services", "redis.sh"), action, _redisState]);
        var exit = await process.WaitForExitAsync();
        if (exit != 0)
        {
            throw new InvalidOperationException($"redis.sh {action} failed ({exit}): {process.Errors}");
        }
    }

    /// <summary>One deployment of several instances on shared state.</summary>
    public sealed record Deployment(string ConnectionString, string Redis, string KeyDirectory)
    {
        /// <summary>The settings of instance <paramref name="name"/>; <paramref name="redis"/> false leaves the backplane out.</summary>
        public Dictionary<string, string> Instance(string name, bool redis = true)
        {
            var settings = new Dictionary<string, string>
            {
                ["State:Provider"] = "Postgres",
                ["ConnectionStrings:Heritage"] = ConnectionString,
                ["Integrity:KeyFile"] = Path.Combine(KeyDirectory, "integrity.key"),
                ["Auth:SigningKey"] = "shared-signing-key-of-this-test-deployment-0123456789",
                ["Coordination:InstanceId"] = name,
            };
            if (redis)
            {
                settings["ConnectionStrings:Redis"] = Redis;
            }

            return settings;
        }
    }
}
