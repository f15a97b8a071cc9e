using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Tests.Contracts;

namespace Linzi.Heritage.Storage.Tests.Journal;

/// <summary>The consumers' checkpoints live in a file of their own, away from the journal's write lock.</summary>
public sealed class CheckpointFileTests
{
    [Fact]
    public void Checkpoints_AreSavedInTheirOwnFile_NotInTheJournals()
    {
        using var data = new SqliteDataDirectory();
        var store = new SqliteCheckpointStore(data.Files);

        store.Save("rules", 42);

        Assert.Equal(42, new SqliteCheckpointStore(data.Files).Get("rules"));
        using var journal = data.Files.Journal.Open();
        using var inJournal = SqliteDatabase.Command(journal, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'checkpoints'");
        Assert.Equal(0L, (long)inJournal.ExecuteScalar()!);
    }

    [Fact]
    public void ADataDirectoryFromBefore_KeepsItsConsumersPositions()
    {
        using var data = new SqliteDataDirectory();
        var files = data.Files;
        files.Journal.EnsureSchema("""
            CREATE TABLE checkpoints(consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);
            INSERT INTO checkpoints VALUES ('rules', 1200), ('timeseries', 1100);
            """);

        var store = new SqliteCheckpointStore(data.Files);

        Assert.Equal((1200L, 1100L), (store.Get("rules"), store.Get("timeseries")));
        store.Save("rules", 1300);
        Assert.Equal(1300, new SqliteCheckpointStore(data.Files).Get("rules")); // copied once, not again over newer positions
    }
}
