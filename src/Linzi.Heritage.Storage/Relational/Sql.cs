using System.Data.Common;
using System.Globalization;

namespace Linzi.Heritage.Storage.Relational;

/// <summary>
/// Commands through plain ADO.NET, for the stores whose SQL is the same on SQLite and PostgreSQL (both take
/// <c>@p0</c> parameters, <c>ON CONFLICT … DO UPDATE</c> and <c>RETURNING</c>): one code path per store, and the
/// engines differ only in how a connection is opened and in their schema migrations.
/// </summary>
internal static class Sql
{
    /// <summary>Creates a command with parameters named @p0, @p1… bound to the values (null as SQL NULL).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(values);
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL text is constant in every caller; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a command that returns no rows; returns how many rows it changed.</summary>
    public static int Execute(DbConnection connection, string sql, params object?[] values)
    {
        using var command = Command(connection, sql, values);
        return command.ExecuteNonQuery();
    }
}

/// <summary>
/// The values of a command whose SQL is built from the filters it is given: <see cref="Add"/> keeps a value and returns
/// its placeholder (@p0, @p1…), so that only the filters given are written (PostgreSQL cannot type a parameter that is
/// only ever tested for NULL) and a list becomes one parameter per value (no engine's JSON functions needed).
/// </summary>
internal sealed class SqlParameters
{
    private readonly List<object?> _values = [];

    /// <summary>Keeps <paramref name="value"/> and returns its placeholder.</summary>
    public string Add(object? value)
    {
        _values.Add(value);
        return "@p" + (_values.Count - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The values kept, in placeholder order, for <see cref="Sql.Command"/>.</summary>
    public object?[] Values => [.. _values];
}
