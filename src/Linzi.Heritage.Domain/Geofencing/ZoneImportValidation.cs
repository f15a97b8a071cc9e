using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// The outcome of validating a zone upload: the features that passed, as zones, and every problem found. An upload
/// is applied only when <see cref="Errors"/> is empty; <see cref="Zones"/> then holds every feature. Immutable.
/// </summary>
/// <param name="Zones">Zones built from the features without errors, in file order.</param>
/// <param name="Errors">Every problem, in file order, each naming its feature and field.</param>
public sealed record ZoneImportValidation(IReadOnlyList<Zone> Zones, IReadOnlyList<ZoneImportError> Errors)
{
    /// <summary>True when nothing is wrong and the upload may be applied.</summary>
    public bool IsValid => Errors.Count == 0;
}
