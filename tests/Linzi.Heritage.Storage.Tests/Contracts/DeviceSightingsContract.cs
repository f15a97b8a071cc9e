using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IDeviceSightings"/> must do, from the port's documentation.</summary>
public abstract class DeviceSightingsContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A store on this test's own storage; a second call opens the same storage again (another instance).</summary>
    protected abstract IDeviceSightings CreateSut();

    [Fact]
    public void All_Empty_IsEmpty()
    {
        Assert.Empty(CreateSut().All());
    }

    [Fact]
    public void Record_ThenAll_FromAnotherInstance_IsEveryDevicesLatest()
    {
        var sut = CreateSut();
        sut.Record(new Dictionary<string, DateTimeOffset> { ["hp-vib-01"] = T0, ["do-wl-01"] = T0.AddSeconds(5) });
        sut.Record(new Dictionary<string, DateTimeOffset> { ["hp-vib-01"] = T0.AddMinutes(1) });

        var all = CreateSut().All();

        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["hp-vib-01"] = T0.AddMinutes(1), ["do-wl-01"] = T0.AddSeconds(5) }, all);
    }

    [Fact]
    public void Record_AnOlderTime_ChangesNothing()
    {
        var sut = CreateSut();
        sut.Record(new Dictionary<string, DateTimeOffset> { ["hp-vib-01"] = T0.AddMinutes(1) });

        CreateSut().Record(new Dictionary<string, DateTimeOffset> { ["hp-vib-01"] = T0 }); // an instance that heard it earlier

        Assert.Equal(T0.AddMinutes(1), sut.All()["hp-vib-01"]);
    }

    [Fact]
    public async Task Record_FourInstancesAtOnce_KeepTheLatestOfEach()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => CreateSut()).ToList();
        using var start = new Barrier(4);

        await Task.WhenAll(instances.Select((instance, i) => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var round = 0; round < 20; round++)
            {
                instance.Record(Enumerable.Range(0, 10).ToDictionary(d => $"dev-{d:00}", d => T0.AddSeconds((round * 4) + i + d)));
            }
        })));

        var all = CreateSut().All();
        Assert.Equal(10, all.Count);
        Assert.All(Enumerable.Range(0, 10), d => Assert.Equal(T0.AddSeconds((19 * 4) + 3 + d), all[$"dev-{d:00}"]));
    }
}
