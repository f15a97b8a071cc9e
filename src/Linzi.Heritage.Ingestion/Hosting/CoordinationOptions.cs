using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Ingestion.Hosting;

/// <summary>How instances sharing one state store share the single-owner work (section <c>Coordination</c>).</summary>
public sealed class CoordinationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Coordination";

    /// <summary>
    /// This instance's name in the leases, unique among running instances: by default the host name, the process id
    /// and a random suffix, so that a restarted instance is a new owner.
    /// </summary>
    [Required]
    [MinLength(1)]
    [MaxLength(200)]
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// How long a lease lasts unless its holder renews it (at half time). A crashed owner's work passes to another
    /// instance within this time plus the work's own interval; a shorter lease costs more renewals.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often this instance records which devices it heard from in the shared state, for the silent-device sweep
    /// that runs on one instance: a device is judged up to this much later than it was heard.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SightingsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many partitions the rules are split into when several instances share the state (<see cref="Domain.Telemetry.IRuleInbox"/>):
    /// each is judged by one instance at a time, under its own lease. Every instance must use the same number; change it
    /// only with every instance stopped.
    /// </summary>
    [Range(1, 256)]
    public int RulePartitions { get; set; } = 8;

    /// <summary>
    /// How far back a new owner of a rule partition replays judged readings to rebuild rule memory, at least: more when
    /// a rule remembers longer (a sustain, a rate window, a correlation window, a geofence dwell), up to
    /// <see cref="RuleInboxRetention"/>. It covers sustains counted in readings, which have no duration of their own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RuleWarmUp { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long judged readings stay in the shared rule inbox: the most a new owner can replay.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RuleInboxRetention { get; set; } = TimeSpan.FromHours(2);
}
