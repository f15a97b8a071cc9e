using System.Text.Json;
using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Demo;
using Linzi.Heritage.Server.Registry.Transfer;
using Linzi.Heritage.Domain.Rules;
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
    RegistryImporter importer,
    IOptions<DemoOptions> demo,
    IHostEnvironment environment,
    ILogger<RegistryLoader> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
        sequences.Seed(journal.RecentSequences(SequenceTracker.Window));
        logger.RegistryLoaded(snapshot.Sites.Count, snapshot.Zones.Count, snapshot.Cells.Count, snapshot.Devices.Count, snapshot.Rules.Count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void SeedDemo()
    {
        var path = DemoFile(demo.Value.DataFile);
        var document = JsonSerializer.Deserialize<DemoDocument>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");

        // One hash for all demo accounts: they share a published password, and hashing 20+ times slows every start.
        var passwordHash = PasswordHashing.Hash(demo.Value.Password);
        users.AddMissing(document.People.Select(p => p.ToUser(passwordHash)));
        logger.DemoAccountsActive(document.People.Count, demo.Value.Password);

        if (registryStore.IsEmpty())
        {
            // The demo is an import like any other installation's; only its published device secret is its own.
            var registryPath = DemoFile(demo.Value.RegistryFile);
            var errors = new ValidationErrors();
            var registry = RegistryImporter.Read(File.ReadAllBytes(registryPath), errors)
                ?? throw new InvalidDataException($"{registryPath}: {string.Join("; ", errors.ByField.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
            var (result, refusal) = importer.Import(registry, dryRun: false, actor: "demo");
            if (refusal is not null)
            {
                throw new InvalidDataException($"{registryPath}: {string.Join("; ", refusal.Errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
            }

            var secretHash = DeviceSecrets.Hash(demo.Value.DeviceSecret);
            registryStore.Apply(new RegistryChange { Credentials = [.. result!.Diff.Devices.Added.Select(id => new DeviceCredential(id, secretHash))] });
            logger.DemoSeeded(registryPath);
        }
    }

    private string DemoFile(string relative)
    {
        var path = Path.Combine(environment.ContentRootPath, relative);
        return File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, relative);
    }
}
