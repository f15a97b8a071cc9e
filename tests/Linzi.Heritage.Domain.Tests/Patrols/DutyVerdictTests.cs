using Linzi.Heritage.Domain.Patrols;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class DutyVerdictTests
{
    private static readonly PatrolDuty Duty = Daily("w");
    private static readonly DateTimeOffset Deadline = Monday8.AddHours(10); // 18:00 local

    [Fact]
    public void NoVisitByTheDeadline_IsMissedOnce()
    {
        var first = DutyVerdict.Judge(Duty, DutyJudgement.None, [], Deadline);
        var again = DutyVerdict.Judge(Duty, first.Judgement, [], Deadline.AddMinutes(1));

        Assert.Equal(Deadline, first.Missed?.Deadline);
        Assert.Equal(new DutyJudgement(Deadline, Deadline), first.Judgement);
        Assert.Null(again.Missed);
        Assert.False(again.Clear);
    }

    [Fact]
    public void VisitsAreNeeded_OnlyForAPeriodNotYetJudged_OrAnOpenMiss()
    {
        var dueStart = DutyCalendar.LatestDue(Duty, Deadline)!.Start;

        Assert.Equal(dueStart, DutyVerdict.VisitsNeededFrom(Duty, DutyJudgement.None, Deadline));
        Assert.Null(DutyVerdict.VisitsNeededFrom(Duty, new DutyJudgement(Deadline, null), Deadline.AddHours(1))); // judged and met: nothing to read
        Assert.Equal(Deadline, DutyVerdict.VisitsNeededFrom(Duty, new DutyJudgement(Deadline, Deadline), Deadline.AddHours(1))); // the miss stays open
        // Tuesday's period falls due with Monday's miss still open: from the earlier, Monday's deadline.
        Assert.Equal(Deadline, DutyVerdict.VisitsNeededFrom(Duty, new DutyJudgement(Deadline, Deadline), Deadline.AddDays(1)));
        Assert.Equal(dueStart.AddDays(1), DutyVerdict.VisitsNeededFrom(Duty, new DutyJudgement(Deadline, null), Deadline.AddDays(1)));
    }

    [Fact]
    public void VisitInTheWindow_MeetsTheDuty()
    {
        var verdict = DutyVerdict.Judge(Duty, DutyJudgement.None, [new PatrolVisit("w", null, Monday8.AddHours(1), Monday8.AddHours(1.2))], Deadline);

        Assert.Null(verdict.Missed);
        Assert.Equal(new DutyJudgement(Deadline, null), verdict.Judgement);
    }

    [Fact]
    public void VisitAfterAMiss_ClearsIt()
    {
        var missed = new DutyJudgement(Deadline, Deadline);

        var verdict = DutyVerdict.Judge(Duty, missed, [new PatrolVisit("w", null, Deadline.AddHours(1), Deadline.AddHours(1.1))], Deadline.AddHours(2));

        Assert.True(verdict.Clear);
        Assert.Equal(new DutyJudgement(Deadline, null), verdict.Judgement);
    }

    [Fact]
    public void NextDayMissedToo_IsMissedAgain()
    {
        var verdict = DutyVerdict.Judge(Duty, new DutyJudgement(Deadline, Deadline), [], Deadline.AddDays(1));

        Assert.Equal(Deadline.AddDays(1), verdict.Missed?.Deadline);
    }
}
