using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// Which alerts can be confirmed as a heritage case, starting the statutory reporting clock (2 h initial, 3 days
/// formal): red alerts at national or provincial sites, resolved as handled.
/// </summary>
public static class ConfirmedCase
{
    /// <summary>The rule in words, for the one who asked.</summary>
    public const string Requirement =
        "Only a red alert at a national or provincial site, resolved as handled, can be a confirmed heritage case.";

    /// <summary>True when resolving <paramref name="alert"/> with <paramref name="disposition"/> may confirm a case.</summary>
    public static bool Qualifies(Alert alert, string disposition, ProtectionLevel? siteLevel)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return disposition == "handled" && alert.Severity == Severity.Red && siteLevel is ProtectionLevel.National or ProtectionLevel.Provincial;
    }
}
