using System.Text.Json;
using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Demo;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Registry;

/// <summary>
/// At start-up, before the broker opens: seeds the demo (when enabled and the store is empty), loads the registry
/// snapshot, and resumes duplicate detection from the journal. Runs once; registered before the ingestion services
/// so that hosted-service ordering guarantees the snapshot exists when the first device connects.
/// </summary>
public sealed class RegistryLoader(
    IRegistryStore registryStore,
    IUserStore users,
    RegistryHolder holder,
    IReadingJournal journal,
    SequenceTracker sequences,
    IWorksStore worksStore,
    WorksHolder works,
    IOptions<DemoOptions> demo,
    IHostEnvironment environment,
    ILogger<RegistryLoader> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (demo.Value.Enabled)
        {
            SeedDemo();
        }

        var snapshot = registryStore.Load().ToSnapshot();
        holder.Set(snapshot);
        works.Update(_ => worksStore.Load());
        sequences.Seed(journal.LastSequences());
        logger.RegistryLoaded(snapshot.Sites.Count, snapshot.Zones.Count, snapshot.Cells.Count, snapshot.Devices.Count, snapshot.Rules.Count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void SeedDemo()
    {
        var path = Path.Combine(environment.ContentRootPath, demo.Value.DataFile);
        if (!File.Exists(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, demo.Value.DataFile);
        }

        var document = JsonSerializer.Deserialize<DemoDocument>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");

        // One hash for all demo accounts: they share a published password, and hashing 20+ times slows every start.
        var passwordHash = PasswordHashing.Hash(demo.Value.Password);
        users.AddMissing(document.People.Select(p => p.ToUser(passwordHash)));
        logger.DemoAccountsActive(document.People.Count, demo.Value.Password);

        if (registryStore.IsEmpty())
        {
            var data = document.ToRegistry();
            var secretHash = DeviceSecrets.Hash(demo.Value.DeviceSecret);
            registryStore.Save(data, data.Devices.ToDictionary(d => d.Id, _ => secretHash));
            logger.DemoSeeded(path);
        }
    }
}
