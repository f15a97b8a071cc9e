using System.Globalization;
using System.Text.RegularExpressions;
using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Checks the features of a zone upload (already read and reprojected to WGS84) before they replace a site's zones:
/// ids, kinds, and geometry that is a valid polygon of a plausible size in the right place. Every problem is
/// reported, not just the first, so a surveyor fixes the file in one go. Pure and thread-safe.
/// </summary>
public static partial class ZoneImportValidator
{
    /// <summary>What a zone id must look like; it ends up in URLs, topics and file names.</summary>
    public const string IdPattern = "^[a-z0-9][a-z0-9_-]{0,63}$";

    /// <summary>Validates the candidates and builds zones of <paramref name="siteId"/> from those that pass.</summary>
    /// <param name="siteId">The site the zones will belong to.</param>
    /// <param name="candidates">The features as read from the upload.</param>
    /// <param name="limits">Bounds and area limits; <see cref="ZoneImportLimits.Linzi"/> when null.</param>
    public static ZoneImportValidation Validate(
        string siteId,
        IReadOnlyList<ZoneCandidate> candidates,
        ZoneImportLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteId);
        ArgumentNullException.ThrowIfNull(candidates);
        limits ??= ZoneImportLimits.Linzi;

        var zones = new List<Zone>();
        var errors = new List<ZoneImportError>();
        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var before = errors.Count;
            errors.AddRange(candidate.Errors);
            CheckId(candidate, firstIndexById, errors);
            var kind = CheckKind(candidate, errors);
            CheckGeometry(candidate, limits, errors);
            if (errors.Count == before)
            {
                var area = candidate.Geometry!.Copy();
                area.SRID = 4326;
                zones.Add(new Zone(candidate.Id!, siteId, kind, candidate.Name ?? candidate.Id!, area));
            }
        }

        return new ZoneImportValidation(zones, errors);
    }

    [GeneratedRegex(IdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    private static void CheckId(ZoneCandidate candidate, Dictionary<string, int> firstIndexById, List<ZoneImportError> errors)
    {
        if (candidate.Id is not { } id)
        {
            errors.Add(candidate.Error("id", "Required: every zone needs an id."));
        }
        else if (!IdRegex().IsMatch(id))
        {
            errors.Add(candidate.Error("id", $"'{id}' is not a valid id: lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters."));
        }
        else if (!firstIndexById.TryAdd(id, candidate.Index))
        {
            errors.Add(candidate.Error("id", $"Duplicate id: features[{firstIndexById[id].ToString(CultureInfo.InvariantCulture)}] has it too."));
        }
    }

    private static ZoneKind CheckKind(ZoneCandidate candidate, List<ZoneImportError> errors)
    {
        if (candidate.Kind is null)
        {
            errors.Add(candidate.Error("kind", "Required: protection or construction_control."));
        }
        else if (ZoneKindNames.TryParse(candidate.Kind, out var kind))
        {
            return kind;
        }
        else
        {
            errors.Add(candidate.Error("kind", $"'{candidate.Kind}' is not a zone kind: protection or construction_control."));
        }

        return default;
    }

    private static void CheckGeometry(ZoneCandidate candidate, ZoneImportLimits limits, List<ZoneImportError> errors)
    {
        var field = "geometry";
        if (candidate.Geometry is not { } geometry)
        {
            // A reader that could not make sense of the geometry has said why already.
            if (!candidate.Errors.Any(e => e.Path == candidate.PathOf(field)))
            {
                errors.Add(candidate.Error(field, "Required: a Polygon or MultiPolygon."));
            }

            return;
        }

        if (geometry is not (Polygon or MultiPolygon))
        {
            errors.Add(candidate.Error(field, $"A {geometry.GeometryType} is not a zone: a Polygon or MultiPolygon is required."));
            return;
        }

        if (geometry.IsEmpty)
        {
            errors.Add(candidate.Error(field, "The polygon is empty."));
            return;
        }

        var envelope = geometry.EnvelopeInternal;
        if (!(envelope.MinX >= -180 && envelope.MaxX <= 180 && envelope.MinY >= -90 && envelope.MaxY <= 90))
        {
            errors.Add(candidate.Error(field, $"Coordinates are not WGS84 longitude/latitude (extent {Extent(envelope)}): longitude and latitude swapped, or a projected file read as degrees?"));
            return;
        }

        if (!limits.Bounds.Contains(envelope))
        {
            errors.Add(candidate.Error(field, $"Lies outside the district ({limits.Bounds}): its extent is {Extent(envelope)}."));
            return;
        }

        var validity = new IsValidOp(geometry);
        if (!validity.IsValid)
        {
            var error = validity.ValidationError;
            errors.Add(candidate.Error(field, $"{error.Message} at {Point(error.Coordinate)}."));
            return;
        }

        var areaM2 = MetricProjection.Project(geometry).Area;
        if (areaM2 < limits.MinAreaM2)
        {
            errors.Add(candidate.Error(field, FormattableString.Invariant($"Area {areaM2:0.###} m² is below the minimum of {limits.MinAreaM2} m².")));
        }
        else if (areaM2 > limits.MaxAreaM2)
        {
            errors.Add(candidate.Error(field, FormattableString.Invariant($"Area {areaM2 / 1e6:0.###} km² is above the maximum of {limits.MaxAreaM2 / 1e6} km².")));
        }
    }

    // Six decimals of a degree are about 0.1 m: enough to find the spot in a GIS.
    private static string Point(Coordinate? c) =>
        c is null ? "(unknown)" : FormattableString.Invariant($"({c.X:0.######}, {c.Y:0.######})");

    private static string Extent(Envelope e) =>
        FormattableString.Invariant($"x {e.MinX:0.######}–{e.MaxX:0.######}, y {e.MinY:0.######}–{e.MaxY:0.######}");
}
