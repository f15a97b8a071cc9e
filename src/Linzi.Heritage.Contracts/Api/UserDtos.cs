namespace Linzi.Heritage.Contracts.Api;

/// <summary>An account as <c>GET /api/users</c> lists it: never a password or its hash.</summary>
public sealed record UserDto(
    string Username,
    string DisplayName,
    string Role,
    string? Phone,
    bool Disabled,
    bool MustChangePassword,
    DateTimeOffset? CreatedAt);

/// <summary>Body of <c>POST /api/users</c>.</summary>
public sealed record CreateUserRequest(string? Username, string? DisplayName, string? Role, string? Phone);

/// <summary>Body of <c>PUT /api/users/{username}</c>; a field left out (null) keeps its value, and an empty phone clears it.</summary>
public sealed record UpdateUserRequest(string? DisplayName, string? Role, string? Phone, bool? Disabled);

/// <summary>A new account and its temporary password, shown once (<c>POST /api/users</c>, the CSV import).</summary>
public sealed record CreatedUserDto(string Username, string TemporaryPassword);

/// <summary>Answer of <c>POST /api/users/{username}/reset-password</c>.</summary>
public sealed record TemporaryPasswordDto(string TemporaryPassword);

/// <summary>One bad cell (or row) of a CSV import: the file's line number (the header is line 1) and the column.</summary>
public sealed record UserImportErrorDto(int Line, string Field, string Message);

/// <summary>
/// Answer of <c>POST /api/users/import</c>: the rows read, what is wrong with them, the usernames that are (or, in a
/// dry run, would be) created, and, after a real import, each new account's temporary password (shown once).
/// </summary>
public sealed record UserImportReportDto(
    bool DryRun,
    int Rows,
    IReadOnlyList<UserImportErrorDto> Errors,
    IReadOnlyList<string> Usernames,
    IReadOnlyList<CreatedUserDto> Created);
