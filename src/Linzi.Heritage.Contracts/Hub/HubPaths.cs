namespace Linzi.Heritage.Contracts.Hub;

/// <summary>Where the hub lives.</summary>
public static class HubPaths
{
    /// <summary>The monitor hub's path; the token goes in the <c>access_token</c> query parameter.</summary>
    public const string Monitor = "/hubs/monitor";
}
