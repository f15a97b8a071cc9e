using Linzi.Heritage.Domain.Patrols;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class PatrolTrackingTests
{
    private static readonly PatrolLimits Limits = PatrolLimits.Default;
    private static readonly Patrol Started = new("p1", "insp", Monday8, null);

    private static TrackResult Track(Patrol patrol, params PatrolPosition[] positions) =>
        PatrolTracking.Track(patrol, positions, Grid, Limits, Monday8.AddHours(8));

    // Every two minutes, as the phone sends them.
    private static IEnumerable<PatrolPosition> Every2Min(Func<DateTimeOffset, PatrolPosition> at, double fromMinute, double toMinute)
    {
        for (var m = fromMinute; m <= toMinute; m += 2)
        {
            yield return at(Monday8.AddMinutes(m));
        }
    }

    [Fact]
    public void PathThroughTwoCells_RecordsAVisitToEach_WithItsDwell()
    {
        var path = Every2Min(Outside, 0, 4).Concat(Every2Min(InWest, 6, 14)).Concat(Every2Min(InEast, 16, 30)).Concat(Every2Min(Outside, 32, 34));

        var result = Track(Started, [.. path]);
        var ended = PatrolTracking.End(result.Patrol, Monday8.AddMinutes(40), Limits);

        Assert.Empty(result.Rejected);
        Assert.Collection(
            ended.Visits,
            w => Assert.Equal(("w", "horse-pit", Monday8.AddMinutes(6), Monday8.AddMinutes(14), 480L), (w.CellId, w.SiteId, w.ArrivedAt, w.LeftAt, w.DwellSeconds)),
            e => Assert.Equal(("e", (string?)null, Monday8.AddMinutes(16), Monday8.AddMinutes(30), 840L), (e.CellId, e.SiteId, e.ArrivedAt, e.LeftAt, e.DwellSeconds)));
        Assert.Equal(18, ended.AcceptedPositions);
    }

    [Fact]
    public void StayShorterThanTheMinimumDwell_IsNoVisit()
    {
        var result = Track(Started, [.. Every2Min(InWest, 0, 4), .. Every2Min(Outside, 6, 6)]); // 4 minutes < 5

        Assert.Empty(PatrolTracking.End(result.Patrol, Monday8.AddMinutes(10), Limits).Visits);
    }

    [Fact]
    public void StayGoingOn_CountsAsAVisitOnceLongEnough_AndGrowsWithLaterBatches()
    {
        var first = Track(Started, [.. Every2Min(InWest, 0, 4)]);
        Assert.Empty(first.Patrol.VisitsSoFar(Limits.MinDwell));

        var second = Track(first.Patrol, [.. Every2Min(InWest, 6, 8)]);

        var visit = Assert.Single(second.Patrol.VisitsSoFar(Limits.MinDwell));
        Assert.Equal(480, visit.DwellSeconds);
        Assert.Empty(second.Patrol.Visits); // still going on
    }

    [Fact]
    public void SpoofedJumpOf50KmIn10Seconds_IsRefused_AndTheNextHonestPositionCounts()
    {
        var start = InWest(Monday8);
        var jump = new PatrolPosition(Monday8.AddSeconds(10), 36.861 + (50 / 111.2), 118.351, 5); // 50 km north
        var honest = InWest(Monday8.AddMinutes(6));

        var result = Track(Started, start, jump, honest);

        var refused = Assert.Single(result.Rejected);
        Assert.Equal((jump, PatrolRejections.ImpossibleSpeed), (refused.Position, refused.Reason));
        Assert.Equal([start, honest], result.Accepted);
        Assert.Equal(1, result.Patrol.RejectedPositions);
        Assert.Equal(360, Assert.Single(result.Patrol.VisitsSoFar(Limits.MinDwell)).DwellSeconds);
        Assert.InRange(start.DistanceTo(jump), 49_900, 50_100);
    }

    [Fact]
    public void BriskDriveBetweenSites_IsAccepted()
    {
        var start = InWest(Monday8);
        var tenKmLater = new PatrolPosition(Monday8.AddMinutes(6), 36.861 + (10 / 111.2), 118.351, 10); // 100 km/h

        Assert.Empty(Track(Started, start, tenKmLater).Rejected);
    }

    [Fact]
    public void OutOfOrderFutureAndImprecisePositions_AreRefusedWithTheirReasons()
    {
        var patrol = Track(Started, InWest(Monday8.AddMinutes(5))).Patrol;

        var result = Track(
            patrol,
            InWest(Monday8.AddMinutes(5)),                              // the same time again
            InWest(Monday8.AddHours(9)),                                // after "now" (16:00 local)
            InWest(Monday8.AddMinutes(7)) with { AccuracyM = 900 });    // a cell is 180 m wide

        Assert.Equal(
            [PatrolRejections.OutOfOrder, PatrolRejections.Imprecise, PatrolRejections.InFuture],
            result.Rejected.Select(r => r.Reason));
        Assert.Empty(result.Accepted);
    }

    [Fact]
    public void SilenceLongerThanTheMaxGap_EndsTheStay()
    {
        var result = Track(Started, InWest(Monday8), InWest(Monday8.AddMinutes(4)), InWest(Monday8.AddMinutes(20)), InWest(Monday8.AddMinutes(26)));

        var visit = Assert.Single(PatrolTracking.End(result.Patrol, Monday8.AddMinutes(30), Limits).Visits);
        Assert.Equal((Monday8.AddMinutes(20), 360L), (visit.ArrivedAt, visit.DwellSeconds)); // the first 4 minutes were too short
    }

    [Fact]
    public void SilencesLongerThanTheReportingInterval_AreCounted_FromTheStartToTheEnd()
    {
        // Every two minutes is on time; three minutes without a position is a silence, and so are the first and last gaps.
        var result = Track(Started, InWest(Monday8.AddMinutes(3)), InWest(Monday8.AddMinutes(5)), InWest(Monday8.AddMinutes(7)), InWest(Monday8.AddMinutes(14)));
        Assert.Equal((2, TimeSpan.FromMinutes(7)), (result.Patrol.Silences, result.Patrol.LongestSilence));

        var onTime = PatrolTracking.End(result.Patrol, Monday8.AddMinutes(16), Limits);
        var late = PatrolTracking.End(result.Patrol, Monday8.AddMinutes(30), Limits);

        Assert.Equal((2, TimeSpan.FromMinutes(7)), (onTime.Silences, onTime.LongestSilence));
        Assert.Equal((3, TimeSpan.FromMinutes(16)), (late.Silences, late.LongestSilence));
        Assert.Equal(0, Track(Started, [.. Every2Min(InWest, 0, 20)]).Patrol.Silences);
    }

    [Fact]
    public void ResentPositions_AreLeftOut_ToTheMillisecond_AndRepeatsInsideABatch()
    {
        var judged = new[] { InWest(Monday8), InWest(Monday8.AddMinutes(2)) };
        var resent = InWest(Monday8.AddMinutes(2).AddTicks(3)); // stored to the millisecond
        var moved = InWest(Monday8.AddMinutes(2)) with { Lat = 36.8612 };
        var next = InWest(Monday8.AddMinutes(4));

        Assert.Equal([moved, next], PatrolTracking.Unseen([judged[0], resent, moved, next, next], judged));
    }
}
