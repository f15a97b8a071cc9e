using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>Accounts on the wire and in the audit log: never the password hash.</summary>
public static class UserMapping
{
    /// <summary>The account without its hash or stamp.</summary>
    public static UserDto AsDto(this User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserDto(user.Username, user.DisplayName, user.Role, user.Phone, user.Disabled, user.MustChangePassword, user.CreatedAt?.ToUniversalTime());
    }
}
