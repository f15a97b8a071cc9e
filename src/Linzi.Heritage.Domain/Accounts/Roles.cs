namespace Linzi.Heritage.Domain.Accounts;

/// <summary>The roles of the system's users.</summary>
public static class Roles
{
    /// <summary>The heritage bureau: sees and administers everything.</summary>
    public const string Bureau = "bureau";

    /// <summary>Maintenance staff: provision devices and run the simulator.</summary>
    public const string Maintenance = "maintenance";

    /// <summary>Grid inspectors (网格员): see and act on their own cells.</summary>
    public const string Inspector = "inspector";

    /// <summary>Village, township and district heritage chiefs (文物长): act on the cells of their chain.</summary>
    public const string Chief = "chief";

    /// <summary>Every role.</summary>
    public static readonly IReadOnlyList<string> All = [Bureau, Maintenance, Inspector, Chief];
}
