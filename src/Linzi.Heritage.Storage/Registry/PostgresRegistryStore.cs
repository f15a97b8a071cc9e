using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Registry;

/// <summary>The registry in PostgreSQL, shared by every instance; its tables come from <see cref="PostgresMigrations"/>.</summary>
public sealed class PostgresRegistryStore(PostgresDatabase database) : RegistryDocumentStore
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
