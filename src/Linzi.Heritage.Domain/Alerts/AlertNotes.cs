namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// The bound on free text that people write on an alert (acknowledge, resolve and hand-over notes, report
/// references, evidence notes). Such text goes into the alert's hash chain and stays there for good, so it is
/// bounded before it is written: a phone must not be able to bloat the chain with megabytes, or hide text from the
/// case page behind control characters.
/// </summary>
public static class AlertNotes
{
    /// <summary>The most characters a note may have: a long paragraph from a phone.</summary>
    public const int MaxLength = 2000;

    /// <summary>What is wrong with <paramref name="text"/>, or null when it may be written. Null and empty are fine.</summary>
    public static string? Problem(string? text, int maxLength = MaxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            return $"At most {maxLength} characters (this one has {text.Length}).";
        }

        foreach (var c in text)
        {
            // Line breaks and tabs are part of writing; other control characters only hide or garble text.
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                return $"Control character U+{(int)c:X4} is not allowed.";
            }
        }

        return null;
    }
}
