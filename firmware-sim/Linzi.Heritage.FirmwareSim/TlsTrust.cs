using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// Certificate check for an installation's own CA (or a self-signed broker): the broker's certificate must chain to
/// the given root and match the host name; nothing else is waived.
/// </summary>
public static class TlsTrust
{
    /// <summary>True when the broker's certificate is acceptable.</summary>
    public static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, string caFile)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // a missing certificate or a wrong host name is never acceptable
        }

        var text = File.ReadAllText(caFile);
        using var ca = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(caFile);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
