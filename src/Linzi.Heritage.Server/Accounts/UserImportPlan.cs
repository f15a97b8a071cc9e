using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// A CSV of people (<c>username,displayName,role,phone</c>) checked against itself and the accounts that exist:
/// every bad row by line and field, and the accounts to create when there is none. Immutable.
/// </summary>
public sealed record UserImportPlan(int Rows, IReadOnlyList<UserImportErrorDto> Errors, IReadOnlyList<NewAccount> Accounts)
{
    /// <summary>The most rows one import takes (each new account costs a deliberately slow password hash).</summary>
    public const int MaxRows = 1000;

    private static readonly string[] Required = ["username", "displayName", "role"];
    private static readonly string[] Known = [.. Required, "phone"];

    /// <summary>Reads and checks the file.</summary>
    public static UserImportPlan Check(string csv, IUserStore users)
    {
        ArgumentNullException.ThrowIfNull(users);
        IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> records;
        try
        {
            records = CsvRecords.Read(csv);
        }
        catch (FormatException ex)
        {
            return Failed(new UserImportErrorDto(0, "body", ex.Message));
        }

        if (records.Count == 0)
        {
            return Failed(new UserImportErrorDto(1, "header", "Empty file: the first line must be the header " + string.Join(',', Known) + "."));
        }

        var header = records[0];
        var rows = records.Skip(1).ToList();

        // Columns by name, in any order, ignoring case and spaces around them.
        var columns = header.Fields.Select(f => Array.Find(Known, k => k.Equals(f.Trim(), StringComparison.OrdinalIgnoreCase)) ?? f.Trim()).ToList();
        var errors = new List<UserImportErrorDto>();
        errors.AddRange(Required.Where(r => !columns.Contains(r)).Select(r => new UserImportErrorDto(header.Line, r, "Missing column.")));
        // An unnamed column (",," in the header) is named by its position, so the error still says where (found by fuzzing).
        errors.AddRange(columns.Select((c, i) => (Name: c, Position: i + 1)).Where(c => !Known.Contains(c.Name))
            .Select(c => new UserImportErrorDto(header.Line, c.Name.Length > 0 ? c.Name : $"column {c.Position}", "Unknown column; the header is " + string.Join(',', Known) + ".")));
        if (errors.Count > 0)
        {
            return new UserImportPlan(rows.Count, errors, []);
        }

        if (rows.Count == 0 || rows.Count > MaxRows)
        {
            return Failed(new UserImportErrorDto(header.Line, "body", rows.Count == 0 ? "No rows after the header." : $"At most {MaxRows} rows per import."));
        }

        var accounts = new List<NewAccount>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in rows)
        {
            if (fields.Count != columns.Count)
            {
                errors.Add(new UserImportErrorDto(line, "row", $"Has {fields.Count} fields; the header has {columns.Count}."));
                continue;
            }

            string? Cell(string name) => columns.IndexOf(name) is >= 0 and var at ? fields[at].Trim() : null;
            var account = new NewAccount(Cell("username"), Cell("displayName"), Cell("role"), Cell("phone"));
            var rowErrors = account.Validate();
            if (account.Username is { Length: > 0 } username && !rowErrors.ContainsKey("username"))
            {
                if (firstLine.TryGetValue(username, out var earlier))
                {
                    rowErrors["username"] = [$"Also on line {earlier}."];
                }
                else if (users.Find(username) is not null)
                {
                    rowErrors["username"] = ["Exists already."];
                }

                firstLine.TryAdd(username, line);
            }

            errors.AddRange(rowErrors.SelectMany(e => e.Value.Select(m => new UserImportErrorDto(line, e.Key, m))));
            accounts.Add(account);
        }

        return new UserImportPlan(rows.Count, errors, errors.Count == 0 ? accounts : []);
    }

    /// <summary>The report of this plan; <paramref name="created"/> after a real import.</summary>
    public UserImportReportDto Report(bool dryRun, IReadOnlyList<CreatedUserDto> created) =>
        new(dryRun, Rows, Errors, [.. Accounts.Select(a => a.Username!)], created);

    private static UserImportPlan Failed(UserImportErrorDto error) => new(0, [error], []);
}
