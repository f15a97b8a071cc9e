using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>What an account change did.</summary>
public enum AccountOutcome
{
    /// <summary>Saved.</summary>
    Done,

    /// <summary>No such account; nothing changed.</summary>
    NotFound,

    /// <summary>The username is taken (or, for the first admin, a bureau account exists); nothing changed.</summary>
    Conflict,

    /// <summary>The change would leave no enabled bureau account; nothing changed.</summary>
    LastBureau,

    /// <summary>The current password given is wrong; nothing changed.</summary>
    WrongPassword,

    /// <summary>The new password breaks the policy (<see cref="AccountResult.Problems"/>); nothing changed.</summary>
    WeakPassword,
}

/// <summary>The outcome, the account as saved, and a temporary password to show once. Immutable.</summary>
public sealed record AccountResult(AccountOutcome Outcome, User? User = null, string? TemporaryPassword = null, IReadOnlyList<string>? Problems = null);
