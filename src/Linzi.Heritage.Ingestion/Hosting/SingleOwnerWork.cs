namespace Linzi.Heritage.Ingestion.Hosting;

/// <summary>The names of the leases on work that must run on one instance only (<see cref="LeaseKeeper"/>).</summary>
public static class SingleOwnerWork
{
    /// <summary>The escalation sweep.</summary>
    public const string Escalation = "escalation";

    /// <summary>The silent-device sweep.</summary>
    public const string NoData = "no-data";

    /// <summary>Sending the notification outbox.</summary>
    public const string Outbox = "outbox";

    /// <summary>Trimming the alert change feed.</summary>
    public const string FeedRetention = "alert-feed-retention";

    /// <summary>The missed-patrol sweep.</summary>
    public const string PatrolDuties = "patrol-duties";

    /// <summary>A persistent alert feed consumer, whose checkpoint every instance shares.</summary>
    public static string FeedConsumer(string name) => $"feed:{name}";

    /// <summary>Judging one partition of the shared rule inbox.</summary>
    public static string RulePartition(int partition) => $"rules:{partition}";
}
