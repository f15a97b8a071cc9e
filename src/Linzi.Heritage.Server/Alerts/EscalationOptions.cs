using System.ComponentModel.DataAnnotations;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// Escalation periods per severity (section <c>Escalation</c>), such as <c>Escalation:Acknowledge:red=00:05:00</c>.
/// A severity left out of a table (blue by default) never escalates.
/// </summary>
public sealed class EscalationOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Escalation";

    /// <summary>Time to acknowledge before escalating one level, by severity.</summary>
    public Dictionary<string, TimeSpan> Acknowledge { get; init; } = Table(EscalationTimeouts.Default.Acknowledge);

    /// <summary>Time from acknowledging to resolving before escalating one level, by severity.</summary>
    public Dictionary<string, TimeSpan> Resolve { get; init; } = Table(EscalationTimeouts.Default.Resolve);

    /// <summary>How often deadlines are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The domain form.</summary>
    public EscalationTimeouts ToTimeouts() => new(Parse(Acknowledge), Parse(Resolve));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, table) in new[] { (nameof(Acknowledge), Acknowledge), (nameof(Resolve), Resolve) })
        {
            foreach (var (severity, period) in table)
            {
                if (!SeverityNames.TryParse(severity, out _) || period <= TimeSpan.Zero)
                {
                    yield return new ValidationResult($"{SectionName}:{name}:{severity} must be a severity (blue, yellow, orange, red) with a positive period.", [name]);
                }
            }
        }
    }

    private static Dictionary<string, TimeSpan> Table(IReadOnlyDictionary<Severity, TimeSpan> table) =>
        table.ToDictionary(kv => kv.Key.ToWire(), kv => kv.Value, StringComparer.Ordinal);

    private static Dictionary<Severity, TimeSpan> Parse(Dictionary<string, TimeSpan> table) =>
        table.Where(kv => SeverityNames.TryParse(kv.Key, out _))
            .ToDictionary(kv => SeverityNames.TryParse(kv.Key, out var s) ? s : default, kv => kv.Value);
}
