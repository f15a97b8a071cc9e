namespace Linzi.Heritage.Domain.Accounts;

/// <summary>A person who signs in. The password hash is opaque to the domain. Immutable.</summary>
public sealed record User(string Username, string DisplayName, string Role, string PasswordHash);
