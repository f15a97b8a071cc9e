using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Demo;

/// <summary>
/// The shape of <c>Demo/linzi-demo.json</c>: the demo's accounts. The demo's registry is a registry document
/// (<c>Demo/linzi-demo-registry.json</c>) loaded through the import every installation uses.
/// </summary>
public sealed record DemoDocument(IReadOnlyList<DemoPerson> People);

/// <summary>A demo account.</summary>
public sealed record DemoPerson(string Username, string DisplayName, string Role)
{
    /// <summary>The account with the given password hash.</summary>
    public User ToUser(string passwordHash) =>
        Roles.All.Contains(Role) ? new User(Username, DisplayName, Role, passwordHash) : throw new InvalidDataException($"{Username}: unknown role {Role}");
}
