using System.Security.Cryptography;
using System.Text.Json;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Server.Auth;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// The one writer of accounts (demo seeding aside, which only adds what is missing). Each change is decided against
/// the stored state, saved, handed to the <see cref="SessionValidator"/> so tokens follow it at once, its hub
/// connections closed when sign-ins must end, and audited (entity <c>user</c>, both versions without password
/// hashes), all under one lock so that two bureau users cannot, say, each disable one of the last two bureau accounts.
/// Passwords are hashed before taking the lock: PBKDF2 is slow on purpose. Thread-safe.
/// </summary>
public sealed class AccountEditor(
    IUserStore users,
    IAuditLog audit,
    SessionValidator sessions,
    HubSessions hubs,
    TimeProvider time,
    ILogger<AccountEditor> logger)
{
    /// <summary>The audit log's entity name for accounts.</summary>
    public const string AuditEntity = "user";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _lock = new();

    /// <summary>
    /// Creates the first bureau account with a temporary password; <see cref="AccountOutcome.Conflict"/> when any
    /// bureau account exists already.
    /// </summary>
    public AccountResult CreateFirstAdmin(string username, string actor)
    {
        var password = TemporaryPasswords.Generate();
        var user = new NewAccount(username, username, Roles.Bureau, null).ToUser(PasswordHashing.Hash(password), NewStamp(), time.GetUtcNow());
        lock (_lock)
        {
            if (users.List().Any(u => u.Role == Roles.Bureau) || !users.TryAdd(user))
            {
                return new AccountResult(AccountOutcome.Conflict);
            }

            Saved(null, user, "init-admin", actor);
            return new AccountResult(AccountOutcome.Done, user, password);
        }
    }

    /// <summary>Creates a validated account with a temporary password; <see cref="AccountOutcome.Conflict"/> when the username is taken.</summary>
    public AccountResult Create(NewAccount account, string actor)
    {
        ArgumentNullException.ThrowIfNull(account);
        var password = TemporaryPasswords.Generate();
        var user = account.ToUser(PasswordHashing.Hash(password), NewStamp(), time.GetUtcNow());
        lock (_lock)
        {
            if (!users.TryAdd(user))
            {
                return new AccountResult(AccountOutcome.Conflict);
            }

            Saved(null, user, "created", actor);
            return new AccountResult(AccountOutcome.Done, user, password);
        }
    }

    /// <summary>
    /// Creates validated accounts all together or none (<see cref="AccountOutcome.Conflict"/> when a username is
    /// taken by then); each with its own temporary password.
    /// </summary>
    public (AccountOutcome Outcome, IReadOnlyList<(User User, string TemporaryPassword)> Created) Import(IReadOnlyList<NewAccount> accounts, string actor)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var now = time.GetUtcNow();
        var created = accounts.Select(a =>
        {
            var password = TemporaryPasswords.Generate();
            return (User: a.ToUser(PasswordHashing.Hash(password), NewStamp(), now), TemporaryPassword: password);
        }).ToList();
        lock (_lock)
        {
            if (!users.TryAddAll([.. created.Select(c => c.User)]))
            {
                return (AccountOutcome.Conflict, []);
            }

            foreach (var (user, _) in created)
            {
                Saved(null, user, "imported", actor);
            }

            return (AccountOutcome.Done, created);
        }
    }

    /// <summary>
    /// Changes the given fields (null keeps a field; an empty phone clears it). Disabling or a new role ends the
    /// account's sign-ins; <see cref="AccountOutcome.LastBureau"/> when it would leave no enabled bureau account.
    /// </summary>
    public AccountResult Update(string username, string? displayName, string? role, string? phone, bool? disabled, string actor)
    {
        lock (_lock)
        {
            if (users.Find(username) is not { } old)
            {
                return new AccountResult(AccountOutcome.NotFound);
            }

            var user = old with
            {
                DisplayName = displayName?.Trim() ?? old.DisplayName,
                Role = role ?? old.Role,
                Phone = phone is null ? old.Phone : phone.Length == 0 ? null : phone,
                Disabled = disabled ?? old.Disabled,
            };
            if (IsEnabledBureau(old) && !IsEnabledBureau(user) && !users.List().Any(u => u.Username != username && IsEnabledBureau(u)))
            {
                return new AccountResult(AccountOutcome.LastBureau);
            }

            if ((user.Disabled && !old.Disabled) || user.Role != old.Role)
            {
                user = user with { SecurityStamp = NewStamp() };
            }

            users.Update(user);
            Saved(old, user, user.Disabled == old.Disabled ? "updated" : user.Disabled ? "disabled" : "enabled", actor);
            return new AccountResult(AccountOutcome.Done, user);
        }
    }

    /// <summary>Gives the account a new temporary password, to be changed at its next sign-in; ends its sign-ins.</summary>
    public AccountResult ResetPassword(string username, string actor)
    {
        var password = TemporaryPasswords.Generate();
        var hash = PasswordHashing.Hash(password);
        lock (_lock)
        {
            if (users.Find(username) is not { } old)
            {
                return new AccountResult(AccountOutcome.NotFound);
            }

            var user = old with { PasswordHash = hash, MustChangePassword = true, SecurityStamp = NewStamp() };
            users.Update(user);
            Saved(old, user, "password reset", actor);
            return new AccountResult(AccountOutcome.Done, user, password);
        }
    }

    /// <summary>
    /// A person changes their own password: the current one must be right and the new one pass the
    /// <see cref="PasswordPolicy"/>. Clears a forced change and ends every sign-in made with the old password.
    /// </summary>
    public AccountResult ChangePassword(string username, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(currentPassword);
        if (users.Find(username) is not { } found)
        {
            return new AccountResult(AccountOutcome.NotFound);
        }

        if (!PasswordHashing.Verify(found.PasswordHash, currentPassword))
        {
            return new AccountResult(AccountOutcome.WrongPassword);
        }

        if (PasswordPolicy.Check(newPassword, username, currentPassword) is { Count: > 0 } problems)
        {
            return new AccountResult(AccountOutcome.WeakPassword, Problems: problems);
        }

        var hash = PasswordHashing.Hash(newPassword);
        lock (_lock)
        {
            // Verified outside the lock (slow); a reset in between would have replaced the hash we checked against.
            if (users.Find(username) is not { } old || old.PasswordHash != found.PasswordHash)
            {
                return new AccountResult(AccountOutcome.WrongPassword);
            }

            var user = old with { PasswordHash = hash, MustChangePassword = false, SecurityStamp = NewStamp() };
            users.Update(user);
            Saved(old, user, "password changed", username);
            return new AccountResult(AccountOutcome.Done, user);
        }
    }

    private static bool IsEnabledBureau(User user) => user.Role == Roles.Bureau && !user.Disabled;

    private static string NewStamp() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    // Under the lock: the change is saved; make tokens and hub connections follow it, then audit it.
    private void Saved(User? old, User user, string action, string actor)
    {
        sessions.Refresh(user);
        if (old is not null && old.SecurityStamp != user.SecurityStamp)
        {
            hubs.Abort(user.Username);
        }

        audit.Record(AuditEntity, user.Username, action, actor, time.GetUtcNow(),
            old is null ? null : JsonSerializer.Serialize(old.AsDto(), Json), JsonSerializer.Serialize(user.AsDto(), Json));
        logger.Changed(AuditEntity, user.Username, action, actor);
    }
}
