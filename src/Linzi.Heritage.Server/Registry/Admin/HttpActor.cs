using System.Security.Claims;

namespace Linzi.Heritage.Server.Registry.Admin;

/// <summary>Who is making a change, for the audit log.</summary>
internal static class HttpActor
{
    /// <summary>The signed-in username, or "?".</summary>
    public static string Actor(this HttpContext http) => http.User.FindFirstValue("name") ?? http.User.Identity?.Name ?? "?";
}
