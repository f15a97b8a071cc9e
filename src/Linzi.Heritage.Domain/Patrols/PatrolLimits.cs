namespace Linzi.Heritage.Domain.Patrols;

/// <summary>What the tracker accepts as a position and counts as a visit.</summary>
/// <param name="MinDwell">How long an inspector must stay inside a cell for a visit (一到、二看、三查、四照 take time).</param>
/// <param name="MaxGap">A longer silence between two positions inside a cell ends the stay: the phone cannot vouch for it.</param>
/// <param name="MaxSpeedKmh">Faster than this between two positions is impossible on the ground: the later one is refused.</param>
/// <param name="MaxAccuracyM">A position whose stated accuracy is worse cannot place the inspector in a cell.</param>
/// <param name="ClockSkew">How far ahead of the server's clock a position may be.</param>
/// <param name="ReportEvery">The phone must send a position at least this often while a patrol runs; a longer silence is counted.</param>
public sealed record PatrolLimits(TimeSpan MinDwell, TimeSpan MaxGap, double MaxSpeedKmh, double MaxAccuracyM, TimeSpan ClockSkew, TimeSpan ReportEvery)
{
    /// <summary>
    /// Five minutes' dwell; a position at least every two minutes (as Huairou's patrollers upload), and a stay survives
    /// four of them missed in a row.
    /// </summary>
    public static PatrolLimits Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), 150, 200, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2));
}
