using Linzi.Heritage.Storage.Patrols;
using Linzi.Heritage.Storage.Tests.Contracts;

namespace Linzi.Heritage.Storage.Tests.Patrols;

/// <summary>A state file from before one running patrol per inspector gets the unique index, even with twins in it.</summary>
public sealed class SqlitePatrolStoreUpgradeTests : IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    [Fact]
    public void Open_OnAFileWithTwoRunningPatrolsOfAnInspector_EndsTheOlder_AndMakesTheIndexUnique()
    {
        var files = _data.Files;
        files.State.EnsureSchema(RelationalPatrolStore.Schema + RelationalPatrolStore.ReportsSchema); // the schema as released
        using (var connection = files.State.Open())
        {
            PatrolTwins.Insert(connection);
        }

        var sut = new SqlitePatrolStore(_data.Files);

        PatrolTwins.AssertResolved(sut);
        PatrolTwins.AssertResolved(new SqlitePatrolStore(_data.Files)); // and opening it again changes nothing
    }

    public void Dispose() => _data.Dispose();
}
