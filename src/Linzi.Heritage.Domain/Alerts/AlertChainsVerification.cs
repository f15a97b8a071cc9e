namespace Linzi.Heritage.Domain.Alerts;

/// <summary>The result of checking every alert's hash chain.</summary>
/// <param name="Intact">True when every chain is.</param>
/// <param name="AlertsChecked">Alerts whose chains were walked.</param>
/// <param name="EventsChecked">Events read in all.</param>
/// <param name="Broken">The chains that are not intact (each names its first bad event), at most 100.</param>
public sealed record AlertChainsVerification(bool Intact, int AlertsChecked, long EventsChecked, IReadOnlyList<ChainVerification> Broken);

/// <summary>
/// One value for all alert chains, for anchors: how many events, and a keyed digest over every alert's head hash in id
/// order, so changing any alert's history (and re-chaining it) changes the digest.
/// </summary>
public sealed record AlertChainsHead(long Events, string Digest);
