using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Works;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteWorksStoreContractTests : WorksStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IWorksStore CreateSut() => new SqliteWorksStore(_data.Files);

    [Fact]
    public void OldDataDirectory_KeyedByIdAlone_IsRekeyedAndKeepsItsRows()
    {
        // The schema before issue 15: one id space for permits and maintenance windows.
        var files = _data.Files;
        using (var connection = files.State.Open())
        {
            SqliteDatabase.Execute(connection, """
                CREATE TABLE works(kind TEXT NOT NULL, id TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL);
                INSERT INTO works VALUES ('maintenance', 'w-old', '{"id":"w-old","deviceId":"hp-vib-01","from":"2026-11-26T14:00:00+00:00","to":"2026-11-26T18:00:00+00:00","reason":"更换电池"}');
                """);
        }

        var sut = new SqliteWorksStore(_data.Files);
        sut.Save(new MaintenanceWindow("p-1", "hp-vib-01", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), "校准", "maint-01", DateTimeOffset.UnixEpoch));

        var works = new SqliteWorksStore(_data.Files).Load();
        Assert.Equal(["p-1", "w-old"], works.Maintenance.Select(m => m.Id));
        using var check = files.State.Open();
        using var pk = SqliteDatabase.Command(check, "SELECT COUNT(*) FROM pragma_table_info('works') WHERE pk > 0");
        Assert.Equal(2L, pk.ExecuteScalar());
    }

    public void Dispose() => _data.Dispose();
}
