namespace Linzi.Heritage.Browser.Tests.Infrastructure;

/// <summary>Test artefacts (page screenshots) under <c>artifacts/test-results/screenshots</c> of the repository.</summary>
public static class Artifacts
{
    public static string Screenshots { get; } = Create();

    private static string Create()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Linzi.Heritage.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }

    public static string Screenshot(string name) => Path.Combine(Screenshots, name + ".png");
}
