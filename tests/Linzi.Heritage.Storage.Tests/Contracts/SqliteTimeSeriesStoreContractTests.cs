using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteTimeSeriesStoreContractTests : TimeSeriesStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override ITimeSeriesStore CreateSut() => new SqliteTimeSeriesStore(_data.Files, Time, Options.Create(new TimeSeriesOptions()));

    public void Dispose() => _data.Dispose();
}
