using System.Text;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// A small RFC 4180 reader: comma-separated fields, double quotes around fields that hold commas, quotes or line
/// breaks (a quote doubled inside), CRLF, LF or CR line ends, blank lines skipped. Written here rather than taking a
/// CSV library because the import has four columns and its report needs the physical line each record starts on
/// (a quoted line break moves the next record down), which is simplest to count in the reader itself. Pure and
/// thread-safe.
/// </summary>
public static class CsvRecords
{
    /// <summary>Each record with the 1-based line it starts on.</summary>
    /// <exception cref="FormatException">A quoted field is never closed, or a quote is followed by something other than a comma or line end.</exception>
    public static IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<(int, IReadOnlyList<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        var quoted = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
        }

        void EndRecord()
        {
            EndField();
            if (fields is not [""])
            {
                records.Add((recordLine, fields.ToList()));
            }

            fields.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                    i++;
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        throw new FormatException($"Line {line}: a closing quote must be followed by a comma or the end of the line.");
                    }

                    continue;
                }

                if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    line++;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            throw new FormatException($"Line {recordLine}: a quoted field is never closed.");
        }

        EndRecord();
        return records;
    }
}
