namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>A unique data directory per test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "linzi-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }

            // The integrity key's default home, beside the data directory.
            if (Directory.Exists(Path + "-keys"))
            {
                Directory.Delete(Path + "-keys", recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the OS temp cleaner takes it.
        }
    }
}
