namespace Linzi.Heritage.Domain.Patrols;

/// <summary>A photo of a visit report (四照): a distant or a close view, kept as evidence.</summary>
/// <param name="View"><c>distant</c> or <c>close</c>.</param>
/// <param name="AttachmentId">The stored file's id.</param>
/// <param name="FileName">The name the phone gave it.</param>
/// <param name="Sha256">Hex SHA-256 of its bytes, also in the hash-chained audit log.</param>
/// <param name="Bytes">Its size.</param>
public sealed record ReportPhoto(string View, string AttachmentId, string FileName, string Sha256, long Bytes);

/// <summary>
/// What an inspector recorded of a visit (一到、二看、三查、四照): the checklist's answers (<c>ok</c> or
/// <c>problem</c> per item), a note, where the photos were taken and the photos.
/// </summary>
/// <param name="PatrolId">The patrol.</param>
/// <param name="Inspector">Who.</param>
/// <param name="CellId">The cell visited.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Checks">Answers by checklist item.</param>
/// <param name="Note">The inspector's note; required when an item is a problem.</param>
/// <param name="Lat">Where the photos were taken (the geotag).</param>
/// <param name="Lon">Longitude of the same.</param>
/// <param name="Photos">At least one distant and one close view.</param>
public sealed record VisitReport(
    string PatrolId, string Inspector, string CellId, DateTimeOffset At, IReadOnlyDictionary<string, string> Checks, string? Note, double Lat, double Lon,
    IReadOnlyList<ReportPhoto> Photos)
{
    /// <summary>How many items were found a problem: the report's findings.</summary>
    public int Problems => Checks.Values.Count(v => v == VisitChecklist.Problem);
}
