using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Journal;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteReadingJournalContractTests : ReadingJournalContract, IAsyncDisposable
{
    private readonly SqliteDataDirectory _data = new();
    private readonly List<SqliteJournal> _journals = [];

    // The journal is a hosted service: the host starts it before anything appends.
    protected override async Task<IReadingJournal> StartJournalAsync()
    {
        var journal = new SqliteJournal(_data.Files, Time);
        _journals.Add(journal);
        await journal.StartAsync(TestContext.Current.CancellationToken);
        return journal;
    }

    protected override Task StopJournalAsync(IReadingJournal journal) =>
        ((SqliteJournal)journal).StopAsync(TestContext.Current.CancellationToken);

    protected override ICheckpointStore CreateCheckpoints() => new SqliteCheckpointStore(_data.Files);

    public async ValueTask DisposeAsync()
    {
        foreach (var journal in _journals)
        {
            await journal.StopAsync(CancellationToken.None);
            journal.Dispose();
        }

        _data.Dispose();
    }
}
