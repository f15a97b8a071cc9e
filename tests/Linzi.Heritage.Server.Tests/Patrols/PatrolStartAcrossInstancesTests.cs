using System.Data.Common;
using System.Net;
using System.Text.Json;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Server.Tests.SharedState;
using Linzi.Heritage.Storage.Patrols;
using Linzi.Heritage.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.Patrols;

/// <summary>Two real instances on one PostgreSQL: an inspector's starts through both make one patrol.</summary>
public sealed class PatrolStartAcrossInstancesTests(SharedStateRig rig) : IClassFixture<SharedStateRig>, IDisposable
{
    private readonly TempDirectory _keys = new();
    private readonly List<TempDirectory> _data = [];

    [Fact]
    public async Task StartOnInstanceTwo_BetweenInstanceOnesLookAndItsInsert_InstanceOneAnswersWithThatPatrol()
    {
        var deployment = rig.CreateDeployment(_keys.Path);
        using var looked = new SemaphoreSlim(0);
        using var insert = new SemaphoreSlim(0);
        await using var one = Instance(deployment, "i1", services => services.AddSingleton<IPatrolStore>(
            sp => new PausedPatrolStore(sp.GetRequiredService<PostgresDatabase>(), looked, insert)));
        using var inspectorOne = await one.ClientAsAsync("inspector-03");
        await using var two = Instance(deployment, "i2");
        using var inspectorTwo = await two.ClientAsAsync("inspector-03");

        // Instance one has found no running patrol and is about to insert its own when instance two starts one: the
        // local lock of either cannot see the other's, so only the database's unique index stands between them.
        var startOne = inspectorOne.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken);
        Assert.True(await looked.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
        using var startTwo = await inspectorTwo.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken);
        insert.Release();
        using var answerOne = await startOne;

        Assert.Equal(HttpStatusCode.Created, startTwo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answerOne.StatusCode); // as for a second start on one instance
        var id = await Id(startTwo);
        Assert.Equal(id, await Id(answerOne));
        using var current = await inspectorOne.GetAsync("/api/patrols/current", TestContext.Current.CancellationToken);
        Assert.Equal(id, await Id(current));
    }

    public void Dispose()
    {
        _keys.Dispose();
        foreach (var data in _data)
        {
            data.Dispose();
        }
    }

    private static async Task<string?> Id(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("id").GetString();
    }

    private HeritageApp Instance(SharedStateRig.Deployment deployment, string name, Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory();
        _data.Add(data);
        return new HeritageApp(data.Path, realHttp: true, settings: deployment.Instance(name, redis: false), services: services);
    }

    // The PostgreSQL patrol store, whose first insert waits (after the recorder looked for a running patrol) until released.
    private sealed class PausedPatrolStore(PostgresDatabase database, SemaphoreSlim looked, SemaphoreSlim insert) : RelationalPatrolStore, IPatrolStore
    {
        private int _paused;

        bool IPatrolStore.Create(Patrol patrol)
        {
            if (Interlocked.Exchange(ref _paused, 1) == 0)
            {
                looked.Release();
                // Blocks a pool thread inside the server; the limit only bounds a hung test, and is wide for a busy machine.
                Assert.True(insert.Wait(TimeSpan.FromMinutes(2)));
            }

            return Create(patrol);
        }

        protected override DbConnection Open() => database.Open();
    }
}
