using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Devices;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The sightings contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresDeviceSightingsContractTests(PostgresRig postgres) : DeviceSightingsContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override IDeviceSightings CreateSut() => new PostgresDeviceSightings(_database);
}
