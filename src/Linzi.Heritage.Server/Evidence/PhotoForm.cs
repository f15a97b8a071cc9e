using Linzi.Heritage.Domain.Alerts;
using Microsoft.AspNetCore.Http.Features;

namespace Linzi.Heritage.Server.Evidence;

/// <summary>A photo of an upload that passed every check: its detected type and the extension to store it under.</summary>
public sealed record CheckedPhoto(IFormFile File, string ContentType, string Extension);

/// <summary>
/// Reads an upload of photos (multipart/form-data) within the evidence limits, and checks every photo before any is
/// kept, so that an upload is accepted whole or not at all. Shared by alert evidence and patrol visit reports.
/// </summary>
public static class PhotoForm
{
    /// <summary>
    /// Reads the form, bounded before anything is read: the whole request, each multipart section and each form value.
    /// The form reader spools files to disk as they arrive, so even a request at the bound never sits in memory.
    /// </summary>
    /// <returns>The form, or the field and the problem that refused it.</returns>
    public static async Task<(IFormCollection? Form, string? Field, string? Problem)> ReadAsync(
        HttpContext http, EvidenceOptions limits, int values, string shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(limits);
        if (!http.Request.HasFormContentType)
        {
            return (null, "body", $"Send multipart/form-data with {shape}.");
        }

        if (http.Request.ContentLength > limits.MaxRequestBytes)
        {
            return (null, "body", TooLarge(limits));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
        {
            MultipartBodyLengthLimit = limits.MaxRequestBytes,
            ValueCountLimit = values + limits.MaxFilesPerUpload,
            ValueLengthLimit = AlertNotes.MaxLength * 4, // UTF-8 bytes of the longest note
            MultipartHeadersLengthLimit = 16 * 1024,
        }));
        try
        {
            return (await http.Request.ReadFormAsync(cancellationToken), null, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return (null, "body", $"The upload is over a limit: {ex.Message}");
        }
    }

    /// <summary>Checks each photo's name, size and content (by its bytes, not its claimed type); the problem of the first that fails.</summary>
    public static async Task<(IReadOnlyList<CheckedPhoto> Photos, string? Problem)> CheckAsync(
        IReadOnlyList<IFormFile> files, EvidenceOptions limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(limits);
        if (files.Count > limits.MaxFilesPerUpload)
        {
            return ([], $"At most {limits.MaxFilesPerUpload} photos per upload.");
        }

        var checkedPhotos = new List<CheckedPhoto>();
        foreach (var file in files)
        {
            if (PhotoCheck.NameProblem(file.FileName) is { } problem)
            {
                return ([], problem);
            }

            if (file.Length > limits.MaxFileBytes)
            {
                return ([], $"'{file.FileName}' is {file.Length / 1048576.0:0.0} MB; the limit is {limits.MaxFileBytes / 1048576.0:0.#} MB.");
            }

            var head = new byte[16];
            await using (var stream = file.OpenReadStream())
            {
                head = head[..await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken)];
            }

            if (PhotoCheck.Sniff(head) is not { } type)
            {
                return ([], $"'{file.FileName}' is not a photo: send {PhotoCheck.Accepted}.");
            }

            checkedPhotos.Add(new CheckedPhoto(file, type.ContentType, type.Extension));
        }

        return (checkedPhotos, null);
    }

    /// <summary>The problem of an upload larger than the request limit.</summary>
    public static string TooLarge(EvidenceOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return $"The upload is larger than {limits.MaxRequestBytes / 1048576.0:0.#} MB: at most {limits.MaxFilesPerUpload} photos of {limits.MaxFileBytes / 1048576.0:0.#} MB each.";
    }
}
