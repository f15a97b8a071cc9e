using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>An account to create, as the API or a CSV row gives it. Immutable.</summary>
public sealed record NewAccount(string? Username, string? DisplayName, string? Role, string? Phone)
{
    /// <summary>What is wrong, by field name (as the API spells it); empty when it can be created.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!AccountRules.IsValidUsername(Username))
        {
            errors["username"] = [string.IsNullOrEmpty(Username) ? "Required." : "2 to 32 characters: a lower-case letter, then lower-case letters, digits, '_', '.' or '-'."];
        }

        if (!AccountRules.IsValidDisplayName(DisplayName))
        {
            errors["displayName"] = [string.IsNullOrWhiteSpace(DisplayName) ? "Required." : $"At most {AccountRules.DisplayNameMaxLength} characters, without control characters."];
        }

        if (!AccountRules.IsValidRole(Role))
        {
            errors["role"] = [string.IsNullOrEmpty(Role) ? "Required." : "One of " + string.Join(", ", Roles.All) + "."];
        }

        if (!string.IsNullOrEmpty(Phone) && !AccountRules.IsValidPhone(Phone))
        {
            errors["phone"] = [PhoneRule];
        }

        return errors;
    }

    /// <summary>What a phone number must look like.</summary>
    public const string PhoneRule = "A mainland mobile number (13912345678) or an E.164 number (+8613912345678).";

    /// <summary>The account, with a hash of its temporary password, to be changed at the first sign-in.</summary>
    public User ToUser(string passwordHash, string securityStamp, DateTimeOffset createdAt) =>
        new(Username!, DisplayName!.Trim(), Role!, passwordHash)
        {
            Phone = string.IsNullOrEmpty(Phone) ? null : Phone,
            MustChangePassword = true,
            SecurityStamp = securityStamp,
            CreatedAt = createdAt,
        };
}
