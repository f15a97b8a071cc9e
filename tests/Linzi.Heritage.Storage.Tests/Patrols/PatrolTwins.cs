using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Tests.Patrols;

/// <summary>
/// Patrols as a build before the unique running-patrol index could leave them: three running for one inspector (two
/// instances started one each, and once more), beside an ended one of theirs and another inspector's running one.
/// </summary>
internal static class PatrolTwins
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static readonly PatrolVisit Stay = new("w", "horse-pit", T0.AddMinutes(6), T0.AddMinutes(14));

    /// <summary>Inserts them behind the store's back, into the old schema.</summary>
    public static void Insert(DbConnection connection)
    {
        Row(connection, new Patrol("old", "insp", T0.AddDays(-1), T0.AddDays(-1).AddHours(2)), 4);
        Row(connection, new Patrol("twin-a", "insp", T0, null) { Stay = Stay, AcceptedPositions = 3 }, 3);
        Row(connection, new Patrol("twin-b", "insp", T0.AddMilliseconds(1), null), 1);
        Row(connection, new Patrol("twin-c", "insp", T0.AddMinutes(5).AddMilliseconds(123), null), 2);
        Row(connection, new Patrol("lone", "other", T0, null), 1);
    }

    /// <summary>The newest runs on; the older end when it started, at their next version, the rest of them as they were.</summary>
    public static void AssertResolved(IPatrolStore store)
    {
        var newest = T0.AddMinutes(5).AddMilliseconds(123);
        Assert.Equal(("twin-c", 2L), (store.Running("insp")?.Patrol.Id, store.Running("insp")?.Version));
        Assert.Equal(("lone", 1L), (store.Running("other")?.Patrol.Id, store.Running("other")?.Version));
        var a = store.Find("twin-a")!;
        Assert.Equal((newest, 4L), (a.Patrol.EndedAt, a.Version));
        Assert.Equal((Stay, 3, "insp", T0), (a.Patrol.Stay, a.Patrol.AcceptedPositions, a.Patrol.Inspector, a.Patrol.StartedAt));
        Assert.Equal((newest, 2L), (store.Find("twin-b")!.Patrol.EndedAt, store.Find("twin-b")!.Version));
        Assert.Equal((T0.AddDays(-1).AddHours(2), 4L), (store.Find("old")!.Patrol.EndedAt, store.Find("old")!.Version));

        // And the index now refuses a second running patrol, and a save from before the upgrade is refused.
        Assert.False(store.Create(new Patrol("another", "insp", T0.AddHours(1), null)));
        Assert.False(store.Save(new PatrolChange(new Patrol("twin-a", "insp", T0, null), 3, [], [], [])));
    }

    private static void Row(DbConnection connection, Patrol patrol, long version) =>
        Sql.Execute(
            connection,
            "INSERT INTO patrols(id, inspector, started_ms, ended_ms, version, body) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
            patrol.Id, patrol.Inspector, patrol.StartedAt.ToUnixTimeMilliseconds(), patrol.EndedAt?.ToUnixTimeMilliseconds(), version,
            JsonSerializer.Serialize(patrol));
}
