namespace Linzi.Heritage.Server.Demo;

/// <summary>The embedded demo of the Linzi sites. Section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Demo";

    /// <summary>Seeds the demo registry and accounts. On in Development (what <c>dotnet run</c> uses), off otherwise.</summary>
    public bool Enabled { get; init; }

    /// <summary>Password of every demo account. Public knowledge, hence the start-up warning.</summary>
    public string Password { get; init; } = "linzi-demo";

    /// <summary>Secret of every demo device, so the simulator runs with no provisioning step.</summary>
    public string DeviceSecret { get; init; } = "linzi-demo-device";

    /// <summary>The demo accounts file, relative to the application's folder.</summary>
    public string DataFile { get; init; } = "Demo/linzi-demo.json";

    /// <summary>The demo registry document (the format of <c>GET /api/registry/export</c>), relative to the application's folder.</summary>
    public string RegistryFile { get; init; } = "Demo/linzi-demo-registry.json";
}
