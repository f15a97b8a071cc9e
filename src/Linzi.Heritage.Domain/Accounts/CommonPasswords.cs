namespace Linzi.Heritage.Domain.Accounts;

/// <summary>
/// Passwords that lead every guessing list, from the published leak rankings (global and Chinese sites such as the
/// CSDN and 12306 leaks) plus this project's own published demo password. Compared ignoring case and surrounding
/// spaces. Short ones are here too, though the length rule already refuses them, so the list stays a plain list.
/// Immutable and thread-safe.
/// </summary>
public static class CommonPasswords
{
    private static readonly HashSet<string> Passwords = new(
        [
            // This project's demo password is published in its README.
            "linzi-demo", "linzidemo", "linzi-demo1", "linzi123456", "heritage123", "heritage2026",

            // Digits and keyboard walks.
            "1234567890", "0123456789", "0987654321", "12345678910", "123456789a", "a123456789", "1234567890a",
            "1234567890q", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc", "1qaz2wsx", "qwertyuiop", "qwertyuiop123",
            "asdfghjkl", "asdfghjkl;", "zxcvbnm123", "zxcvbnmasd", "qazwsxedc", "qazwsxedcrfv", "qweasdzxc",
            "qweasdzxc123", "1234qwer", "qwer1234", "asdf1234", "zaq12wsx", "!qaz2wsx", "1q2w3e4r",
            "11111111111", "1111111111", "0000000000", "8888888888", "6666666666", "1234512345", "1122334455",
            "1357924680", "9876543210", "147258369", "1472583690", "123123123123", "123321123321", "5201314520",
            "123456", "12345678", "123456789", "111111", "000000", "888888", "666666", "123123", "654321",

            // Words and names.
            "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword1",
            "iloveyou", "iloveyou1", "iloveyou123", "sunshine123", "princess123", "football123", "baseball123",
            "welcome123", "welcome1234", "letmein123", "administrator", "admin123456", "admin@123", "admin12345",
            "root123456", "superman123", "trustno1234", "changeme123", "qwerty12345", "abc1234567", "abcd123456",
            "abcdefghij", "abcdefg123", "aa123456789", "a1b2c3d4e5",

            // Chinese-typical: 我爱你 (5201314, woaini), lucky numbers, pinyin.
            "woaini1314", "woaini520", "woaini123", "woaini1314520", "woaiwojia", "woaini5201314", "5201314",
            "1314520", "13145201314", "5201314123", "aini1314", "iloveyou1314", "wangyang123", "zhang123456",
            "wang123456", "li123456789", "liu123456", "chen123456", "huang12345", "zhongguo123", "zhongguo",
            "beijing2008", "shanghai123", "qq123456789", "qq1234567890", "caonima123", "nihao12345", "nihao123456",
            "wocaonima", "88888888888", "168168168", "1688168888", "wenwu12345", "wenwuju123",
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => Passwords.Count;

    /// <summary>True when the password is on the list.</summary>
    public static bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Passwords.Contains(password.Trim());
    }
}
