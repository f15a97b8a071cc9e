using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>The cells of a generated grid, or why none could be made. Immutable once returned.</summary>
/// <param name="Cells">The cells, north to south and west to east; empty when <see cref="Errors"/> is not.</param>
/// <param name="Errors">Problems keyed by request field (<c>polygon</c>, <c>sizeM</c>, <c>prefix</c>).</param>
public sealed record GridGeneration(IReadOnlyList<GeneratedCell> Cells, ValidationErrors Errors)
{
    /// <summary>True when the grid was made.</summary>
    public bool IsValid => Errors.IsEmpty;
}
