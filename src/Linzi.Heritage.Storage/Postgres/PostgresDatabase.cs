using Npgsql;

namespace Linzi.Heritage.Storage.Postgres;

/// <summary>
/// The PostgreSQL database that several instances share: one pooled Npgsql data source per process. Thread-safe.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly NpgsqlDataSource _source;

    /// <summary>Connects with an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).</summary>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Opens a pooled connection.</summary>
    public NpgsqlConnection Open() => _source.OpenConnection();

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
