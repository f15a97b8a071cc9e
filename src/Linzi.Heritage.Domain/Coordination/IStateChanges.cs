using System.Threading.Channels;

namespace Linzi.Heritage.Domain.Coordination;

/// <summary>
/// Port: wake-ups when another instance sharing the state store changed something this instance keeps in memory
/// (the registry snapshot, the works windows) or follows (the alert feed). A wake-up says only "look again": the
/// store stays the truth, so a lost or repeated wake-up costs one reload. With one instance there are none.
/// </summary>
public interface IStateChanges
{
    /// <summary>
    /// Wake-ups for <paramref name="topic"/> (<see cref="StateTopics"/>); a burst folds into one. Where other instances
    /// write, the first comes at once, since what changed before the subscription is unknown.
    /// </summary>
    ChannelReader<bool> Subscribe(string topic);
}

/// <summary>What <see cref="IStateChanges"/> reports on.</summary>
public static class StateTopics
{
    /// <summary>Sites, zones, cells, devices and rules.</summary>
    public const string Registry = "registry";

    /// <summary>Permits, maintenance and drill windows.</summary>
    public const string Works = "works";

    /// <summary>The alert change feed.</summary>
    public const string Alerts = "alerts";

    /// <summary>Accounts and sign-in sessions (a disabled account, a changed password or role, a sign-out).</summary>
    public const string Accounts = "accounts";

    /// <summary>Readings appended to the shared rule inbox (<see cref="Telemetry.IRuleInbox"/>).</summary>
    public const string RuleInbox = "rules";

    /// <summary>Every topic.</summary>
    public static IReadOnlyList<string> All { get; } = [Registry, Works, Alerts, Accounts, RuleInbox];
}
