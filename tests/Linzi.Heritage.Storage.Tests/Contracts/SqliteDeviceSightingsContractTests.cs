using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Devices;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteDeviceSightingsContractTests : DeviceSightingsContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IDeviceSightings CreateSut() => new SqliteDeviceSightings(_data.Files);

    public void Dispose() => _data.Dispose();
}
