using System.Security.Cryptography;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Evidence;

/// <summary>A stored attachment of an alert.</summary>
/// <param name="Id">Attachment id.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="FileName">The name the phone gave it (checked, never used as a path).</param>
/// <param name="ContentType">Detected from the file's bytes, not from what the client claimed.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Sha256">Hex SHA-256 of the content, also written into the alert's hash-chained history.</param>
/// <param name="UploadedBy">Who.</param>
/// <param name="At">When.</param>
/// <param name="Note">The inspector's note.</param>
public sealed record Attachment(
    string Id, string AlertId, string FileName, string ContentType, long Bytes, string Sha256, string UploadedBy, DateTimeOffset At, string? Note);

/// <summary>
/// Photos attached to alerts, as files under <c>{data}/attachments/{alertId}/</c> named by a generated id (the
/// client's file name is metadata only), with their metadata in SQLite. A patrol's visit photos are kept the same way
/// under the key <c>patrol-{patrolId}</c> in place of an alert id. Thread-safe.
/// </summary>
public sealed class EvidenceStore
{
    private readonly SqliteDatabase _database;
    private readonly string _root;

    /// <summary>Creates the schema and the folder.</summary>
    public EvidenceStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _root = Path.Combine(files.DataDirectory, "attachments");
        Directory.CreateDirectory(_root);
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS alert_attachments(
                id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, file_name TEXT NOT NULL, content_type TEXT NOT NULL, bytes INTEGER NOT NULL,
                sha256 TEXT NOT NULL, uploaded_by TEXT NOT NULL, at_ms INTEGER NOT NULL, note TEXT);
            CREATE INDEX IF NOT EXISTS alert_attachments_alert ON alert_attachments(alert_id, at_ms);
            """);
    }

    /// <summary>Writes the content (fsynced) and its metadata; returns the attachment.</summary>
    public async Task<Attachment> SaveAsync(
        string alertId, string fileName, string contentType, string extension, Stream content, string uploadedBy, DateTimeOffset at, string? note,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var id = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(_root, alertId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, id + extension);
        long bytes;
        string sha256;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            bytes = file.Length;
            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var attachment = new Attachment(id, alertId, fileName, contentType, bytes, sha256, uploadedBy, at, note);
        using var connection = _database.Open();
        using var insert = SqliteDatabase.Command(
            connection,
            "INSERT INTO alert_attachments(id, alert_id, file_name, content_type, bytes, sha256, uploaded_by, at_ms, note) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
            id, alertId, fileName, contentType, bytes, sha256, uploadedBy, at.ToUnixTimeMilliseconds(), note);
        insert.ExecuteNonQuery();
        return attachment;
    }

    /// <summary>The attachments of an alert, oldest first.</summary>
    public IReadOnlyList<Attachment> List(string alertId)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            "SELECT id, alert_id, file_name, content_type, bytes, sha256, uploaded_by, at_ms, note FROM alert_attachments WHERE alert_id = @p0 ORDER BY at_ms, id",
            alertId);
        using var reader = command.ExecuteReader();
        var list = new List<Attachment>();
        while (reader.Read())
        {
            list.Add(new Attachment(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
                reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return list;
    }

    /// <summary>Opens an attachment's content for reading, or null when it is not there.</summary>
    public Stream? Open(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var folder = Path.Combine(_root, attachment.AlertId);
        var path = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, attachment.Id + ".*").FirstOrDefault() : null;
        return path is null ? null : File.OpenRead(path);
    }
}
