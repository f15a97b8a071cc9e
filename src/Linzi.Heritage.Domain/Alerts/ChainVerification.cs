namespace Linzi.Heritage.Domain.Alerts;

/// <summary>The result of checking an alert's hash chain.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Intact">True when every event matches its hash and follows the one before it.</param>
/// <param name="EventsChecked">How many events were read (up to and including the first break).</param>
/// <param name="BrokenAtEventId">The row id of the first event that does not match, or null.</param>
/// <param name="Problem">What is wrong there.</param>
public sealed record ChainVerification(string AlertId, bool Intact, int EventsChecked, long? BrokenAtEventId, string? Problem);
