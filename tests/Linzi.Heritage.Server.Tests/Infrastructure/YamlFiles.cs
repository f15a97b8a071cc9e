using YamlDotNet.RepresentationModel;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>Reads deployment and provisioning YAML the way the tools that consume it would parse it.</summary>
public static class YamlFiles
{
    /// <summary>The first document's root mapping; fails the test if the file does not parse.</summary>
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
