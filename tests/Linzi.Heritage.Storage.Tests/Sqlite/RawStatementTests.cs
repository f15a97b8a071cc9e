using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Tests.Contracts;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Tests.Sqlite;

/// <summary>The per-reading writes that bypass Microsoft.Data.Sqlite's command: same values stored, same errors.</summary>
public sealed class RawStatementTests : IDisposable
{
    private readonly SqliteDataDirectory _directory = new();
    private readonly SqliteConnection _connection;

    public RawStatementTests()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "raw.db"));
        database.EnsureSchema("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER, x REAL, b BLOB)");
        _connection = database.Open();
    }

    [Fact]
    public void Execute_StoresEachTypeAsBound_ReusesTheStatement_AndReportsRowsAndRowids()
    {
        using (var transaction = _connection.BeginTransaction())
        using (var insert = new RawStatement(_connection, "INSERT INTO t(name, n, x, b) VALUES (?1, ?2, ?3, ?4)"))
        {
            insert.Bind(1, "临淄 horse-pit");
            insert.Bind(2, (long?)42);
            insert.Bind(3, 0.125);
            insert.Bind(4, "{\"v\":1}"u8);
            Assert.Equal(1, insert.Execute());
            Assert.Equal(1, insert.LastInsertRowId);

            insert.Bind(1, "drain");
            insert.Bind(2, (long?)null);
            Assert.Equal(1, insert.Execute());
            Assert.Equal(2, insert.LastInsertRowId);
            transaction.Commit();
        }

        using var read = SqliteDatabase.Command(_connection, "SELECT id, name, n, x, hex(b) FROM t ORDER BY id");
        using var reader = read.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetInt64(0)} {reader.GetString(1)} {(reader.IsDBNull(2) ? "null" : reader.GetInt64(2))} {reader.GetDouble(3)} {reader.GetString(4)}");
        }

        // The second run kept the real and the blob it did not bind again, as SQLite does.
        Assert.Equal(["1 临淄 horse-pit 42 0.125 7B2276223A317D", "2 drain null 0.125 7B2276223A317D"], rows);
    }

    [Fact]
    public void Execute_ThatBreaksAConstraint_ThrowsSqlitesError_AndTheStatementRunsAgainAfterwards()
    {
        using var insert = new RawStatement(_connection, "INSERT INTO t(name) VALUES (?1) ON CONFLICT DO NOTHING");
        using var strict = new RawStatement(_connection, "INSERT INTO t(name) VALUES (?1)");
        strict.Bind(1, "pit");
        Assert.Equal(1, strict.Execute());

        var error = Assert.Throws<SqliteException>(() => strict.Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);

        insert.Bind(1, "pit");
        Assert.Equal(0, insert.Execute()); // Nothing changed: the conflict was skipped.
        strict.Bind(1, "outlet");
        Assert.Equal(1, strict.Execute());
    }

    [Fact]
    public void Bind_AnEmptyString_StoresEmptyText_NotNull()
    {
        using var insert = new RawStatement(_connection, "INSERT INTO t(name, b) VALUES (?1, ?2)");
        insert.Bind(1, "");
        insert.Bind(2, ReadOnlySpan<byte>.Empty);
        Assert.Equal(1, insert.Execute());

        using var read = SqliteDatabase.Command(_connection, "SELECT typeof(name), length(name) FROM t");
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("text", 0L), (reader.GetString(0), reader.GetInt64(1)));
    }

    [Fact]
    public void Prepare_OfBadSql_Throws()
    {
        var error = Assert.Throws<SqliteException>(() => new RawStatement(_connection, "INSERT INTO nowhere VALUES (?1)"));
        Assert.Contains("no such table", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _directory.Dispose();
    }
}
