using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Auth;

/// <summary>Authorization policy names used by endpoints and the hub.</summary>
public static class Policies
{
    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>The heritage bureau.</summary>
    public const string Bureau = Roles.Bureau;

    /// <summary>Maintenance staff or the bureau: device provisioning and ingestion diagnostics.</summary>
    public const string Provisioning = "provisioning";

    /// <summary>Grid inspectors: they patrol.</summary>
    public const string Inspector = Roles.Inspector;

    /// <summary>The bureau, chiefs and inspectors: the people of the grid (maintenance staff are not).</summary>
    public const string Supervision = "supervision";

    /// <summary>The bureau and the heritage chiefs: reports on an area.</summary>
    public const string Chiefs = "chiefs";
}
