namespace Linzi.Heritage.Domain.Registry;

/// <summary>A person named for a site: a name always, a phone to call, and the account when they have one.</summary>
/// <param name="Name">Their name, as people call them.</param>
/// <param name="Phone">A phone number, when given.</param>
/// <param name="Username">Their account, when they have one.</param>
public sealed record StewardPerson(string Name, string? Phone, string? Username);

/// <summary>
/// The three people a site names under the heritage-chief system (专人负责、专人监管、专人巡查): who answers for it,
/// who supervises its care, and who patrols it. Many patrollers are villagers without an account, so each is a
/// person first and an account only when they have one.
/// </summary>
/// <param name="Responsible">专人负责: who answers for the site.</param>
/// <param name="Supervisor">专人监管: who supervises its care.</param>
/// <param name="Patroller">专人巡查: who patrols it.</param>
public sealed record SiteStewards(StewardPerson? Responsible, StewardPerson? Supervisor, StewardPerson? Patroller)
{
    /// <summary>The people named, by role, in the order above.</summary>
    public IEnumerable<(string Role, StewardPerson Person)> Named()
    {
        if (Responsible is not null)
        {
            yield return ("responsible", Responsible);
        }

        if (Supervisor is not null)
        {
            yield return ("supervisor", Supervisor);
        }

        if (Patroller is not null)
        {
            yield return ("patroller", Patroller);
        }
    }
}
