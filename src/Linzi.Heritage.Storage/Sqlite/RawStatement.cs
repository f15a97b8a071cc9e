using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Linzi.Heritage.Storage.Sqlite;

/// <summary>
/// A statement prepared once and run through SQLitePCLRaw (the library under Microsoft.Data.Sqlite) directly, for the
/// writes that run once per reading: the journal's insert and the time series' sample upsert.
/// </summary>
/// <remarks>
/// Why not a prepared <see cref="SqliteCommand"/>: each execution of one allocates a binder per parameter, a UTF-8 copy
/// of each string, a box per number and a data reader, about 1 KB per reading between the two writes; at 10k readings a
/// second that was a quarter of the server's allocations and a good part of its GC pauses (bench/results/issue-16-gc.md).
/// Here strings bind as UTF-16 spans and numbers as themselves, and SQLite copies them, so a run allocates nothing.
/// It runs on the connection's own handle, so it takes part in the transaction begun on that connection. Errors throw
/// the same <see cref="SqliteException"/> as the command would. Not thread-safe: one statement per writer.
/// </remarks>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares <paramref name="sql"/> (one statement, parameters numbered from 1) on an open connection.</summary>
    public RawStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    /// <summary>Binds text to parameter <paramref name="index"/> (from 1).</summary>
    public void Bind(int index, string value) =>
        SqliteException.ThrowExceptionForRC(
            value.Length == 0
                ? raw.sqlite3_bind_text(_statement, index, string.Empty) // An empty span pins to a null pointer, which SQLite binds as NULL.
                : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()),
            _db);

    /// <summary>Binds an integer to parameter <paramref name="index"/> (from 1).</summary>
    public void Bind(int index, long value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, index, value), _db);

    /// <summary>Binds an integer, or NULL for none, to parameter <paramref name="index"/> (from 1).</summary>
    public void Bind(int index, long? value) =>
        SqliteException.ThrowExceptionForRC(
            value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index), _db);

    /// <summary>Binds a real to parameter <paramref name="index"/> (from 1).</summary>
    public void Bind(int index, double value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_double(_statement, index, value), _db);

    /// <summary>Binds a blob to parameter <paramref name="index"/> (from 1); SQLite copies it.</summary>
    public void Bind(int index, ReadOnlySpan<byte> value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_blob(_statement, index, value), _db);

    /// <summary>Runs the statement (one that returns no rows) and returns how many rows it changed.</summary>
    public int Execute()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement); // Ready for the next run; the bindings stay until bound again.
        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>The rowid of the connection's latest insert (an <c>INTEGER PRIMARY KEY</c> is its rowid).</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();
}
