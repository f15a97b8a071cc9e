namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// How a device proves who it is: the hash of its current secret and, for a while after a rotation, the hash of the
/// previous one, so a device in the field keeps working until it has been given the new secret. Immutable.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="SecretHash">Hash of the current secret (Mosquitto's <c>$6$</c> format).</param>
/// <param name="PreviousSecretHash">Hash of the secret before the last rotation, or null.</param>
/// <param name="PreviousValidUntil">Until when the previous secret is still accepted, or null.</param>
public sealed record DeviceCredential(string DeviceId, string SecretHash, string? PreviousSecretHash = null, DateTimeOffset? PreviousValidUntil = null)
{
    /// <summary>The hashes a presented secret may match at <paramref name="now"/>: the current one, then the previous one within its grace.</summary>
    public IEnumerable<string> HashesValidAt(DateTimeOffset now)
    {
        yield return SecretHash;
        if (PreviousSecretHash is not null && PreviousValidUntil is { } until && now < until)
        {
            yield return PreviousSecretHash;
        }
    }
}
