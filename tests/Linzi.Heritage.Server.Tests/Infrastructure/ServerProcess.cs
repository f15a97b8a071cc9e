namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>The built server run as a separate process (for commands and for crash tests that SIGKILL it).</summary>
public static class ServerProcess
{
    /// <summary>The server's own build output, next to this test build (same configuration).</summary>
    public static string Dll { get; } = Path.Combine(
        ExternalProcess.RepositoryRoot, "src", "Linzi.Heritage.Server", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "Linzi.Heritage.Server.dll");

    /// <summary>Starts <c>dotnet Linzi.Heritage.Server.dll</c> with the given arguments.</summary>
    public static ExternalProcess Run(IEnumerable<string> arguments) =>
        ExternalProcess.Start("dotnet", [Dll, .. arguments], Path.GetDirectoryName(Dll));
}
