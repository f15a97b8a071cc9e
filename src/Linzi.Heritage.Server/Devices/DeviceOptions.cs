using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Server.Devices;

/// <summary>Device life-cycle settings. Section <c>Devices</c>.</summary>
public sealed class DeviceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Devices";

    /// <summary>
    /// How long a device's previous secret keeps working after a rotation. A day gives maintenance staff time to
    /// reach a sensor in the field (or push the secret over its link) without a gap in readings; a leaked secret is
    /// revoked instead, which has no grace. A rotation request may ask for less (<c>?graceMinutes=0</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan SecretRotationGrace { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The longest sampling interval maintenance staff may push (<c>sample_interval_s</c>); longer needs the bureau.
    /// A device told to report once a day is a blind sensor for a day, so that is not one person's decision.
    /// </summary>
    [Range(1, 86_400)]
    public int MaintenanceMaxSampleIntervalS { get; init; } = 3_600;

    /// <summary>
    /// The longest maintenance window maintenance staff may open, on one device; site-wide windows and longer ones
    /// need the bureau. Hours, not years: a window silences that device's alarms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaintenanceMaxWindow { get; init; } = TimeSpan.FromHours(8);
}
