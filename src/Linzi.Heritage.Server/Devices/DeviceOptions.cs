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
}
