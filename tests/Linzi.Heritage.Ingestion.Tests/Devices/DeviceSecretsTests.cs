using Linzi.Heritage.Ingestion.Devices;

namespace Linzi.Heritage.Ingestion.Tests.Devices;

public sealed class DeviceSecretsTests
{
    [Fact]
    public void Hash_ThenVerify_AcceptsOnlyTheSecret()
    {
        var secret = DeviceSecrets.Generate();
        var hash = DeviceSecrets.Hash(secret);

        Assert.True(DeviceSecrets.Verify(secret, hash));
        Assert.False(DeviceSecrets.Verify(secret + "x", hash));
        Assert.False(DeviceSecrets.Verify(null, hash));
        Assert.False(DeviceSecrets.Verify(secret, "$6$garbage"));
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_IsSaltedAndInMosquittoFormat()
    {
        var first = DeviceSecrets.Hash("linzi-demo-device");
        var second = DeviceSecrets.Hash("linzi-demo-device");

        Assert.NotEqual(first, second);
        Assert.StartsWith("$6$", first, StringComparison.Ordinal);
        Assert.Equal(4, first.Split('$').Length);
    }

    [Fact]
    public void Verify_KnownMosquittoHash_IsAccepted()
    {
        // SHA-512 over "secret" followed by the salt bytes "salt": what mosquitto 1.x/2.x's $6$ entries hold.
        var salt = Convert.ToBase64String("salt"u8.ToArray());
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("secretsalt"u8.ToArray()));

        Assert.True(DeviceSecrets.Verify("secret", $"$6${salt}${hash}"));
    }

    [Fact]
    public void Generate_HasEnoughEntropyAndIsTopicSafe()
    {
        var secret = DeviceSecrets.Generate();

        Assert.Equal(43, secret.Length);
        Assert.DoesNotContain(secret, c => c is '/' or '+' or '=');
    }
}
