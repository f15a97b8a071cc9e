using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary><c>firmware-sim patrol</c>: the walk it plans, and a walk over two cells against the demo server.</summary>
public sealed class FirmwareSimPatrolTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public void Plan_ReportsEveryStep_AndStaysTheWholeDwellAtEachStop()
    {
        (double, double)[] stops = [(36.8755, 118.3395), (36.8755, 118.3495)]; // the middles of qd-r1c2 and qd-r1c3, about 890 m apart

        var plan = PatrolWalk.Plan(stops, TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(30), 5);

        Assert.All(plan.Zip(plan.Skip(1)), pair => Assert.InRange(pair.Second.At - pair.First.At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
        foreach (var (lat, lon) in stops)
        {
            var stay = plan.Where(p => p.Lat == lat && p.Lon == lon).ToList();
            Assert.True(stay[^1].At - stay[0].At > TimeSpan.FromMinutes(6));
        }

        // The walk between: 890 m at 5 km/h is about 10.7 minutes.
        var firstStayEnds = plan.Last(p => p.Lon == 118.3395).At;
        var secondStayStarts = plan.First(p => p.Lon == 118.3495).At;
        Assert.InRange((secondStayStarts - firstStayEnds).TotalMinutes, 10.5, 11);
    }

    [Fact]
    public async Task Patrol_OverTwoCells_RecordsAVisitToEach()
    {
        // A short dwell so the walk takes half a minute of real time (the server refuses positions from the future).
        await using var app = new HeritageApp(_data.Path, realHttp: true, systemClock: true,
            settings: new Dictionary<string, string> { ["Patrols:MinDwell"] = "00:00:02" });
        var options = new SimOptions
        {
            Api = app.HttpAddress, User = "inspector-03", PatrolDwell = TimeSpan.FromSeconds(3), PatrolStep = TimeSpan.FromSeconds(1), PatrolSpeedKmh = 140,
        };
        using var output = new StringWriter();

        var exit = await PatrolWalk.RunAsync(options, ["qd-r1c2", "qd-r1c3"], TimeProvider.System, output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("Visit qd-r1c2:", text, StringComparison.Ordinal);
        Assert.Contains("Visit qd-r1c3:", text, StringComparison.Ordinal);
        Assert.Contains("0 positions refused", text, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
