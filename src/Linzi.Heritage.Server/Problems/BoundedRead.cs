namespace Linzi.Heritage.Server.Problems;

/// <summary>Reads a stream whole, up to a limit: uploads (documents, zone files, CSV) are parsed in memory.</summary>
internal static class BoundedRead
{
    /// <summary>The stream's bytes, or null when there are more than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAllAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
