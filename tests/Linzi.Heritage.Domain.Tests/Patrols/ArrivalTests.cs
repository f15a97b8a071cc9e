using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class ArrivalTests
{
    // A vibration sensor in the middle of the west cell.
    private static readonly Device Sensor = new("hp-vib-01", "horse-pit", "vibration", ["ppv_mm_s"], 36.861, 118.351);
    private static readonly RegistrySnapshot Registry = new([], [PitZone], [West, East], [Sensor], []);

    private static Alert Acknowledged(string deviceId, string? cellId) =>
        new("A1", 1, "r", Severity.Red, AlertState.Acknowledged, "horse-pit", deviceId, cellId, [], "m", 1, Monday8, Monday8, "x")
        {
            AcknowledgedAt = Monday8.AddMinutes(5),
        };

    [Fact]
    public void PositionWithinTheRadiusAfterTheAcknowledgement_IsTheArrival()
    {
        PatrolPosition[] walk =
        [
            new(Monday8.AddMinutes(4), 36.861, 118.351, 5),         // there, but before acknowledging
            new(Monday8.AddMinutes(20), 36.8620, 118.351, 5),       // 111 m away
            new(Monday8.AddMinutes(22), 36.8613, 118.351, 5),       // 33 m away
        ];

        Assert.Equal(walk[2], Arrival.Reached(Acknowledged("hp-vib-01", "w"), Registry, walk, 50));
        Assert.Null(Arrival.Reached(Acknowledged("hp-vib-01", "w"), Registry, walk[..2], 50));
        Assert.Null(Arrival.Reached(Acknowledged("hp-vib-01", "w") with { AcknowledgedAt = null }, Registry, walk, 50));
    }

    [Fact]
    public void MissedPatrol_IsReachedByEnteringItsCell()
    {
        var missed = Acknowledged(AlertTransitions.PatrolDeviceId, "e");
        PatrolPosition[] walk = [InWest(Monday8.AddMinutes(10)), InEast(Monday8.AddMinutes(14))];

        Assert.Equal(walk[1], Arrival.Reached(missed, Registry, walk, 50));
    }
}
