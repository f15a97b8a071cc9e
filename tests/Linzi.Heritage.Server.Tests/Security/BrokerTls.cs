using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>A self-signed broker certificate for 127.0.0.1, written as PEM files (and a PFX) to a test directory.</summary>
internal sealed class BrokerTls
{
    private BrokerTls(string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        CertificatePath = Path.Combine(directory, "broker.crt.pem");
        KeyPath = Path.Combine(directory, "broker.key.pem");
        PfxPath = Path.Combine(directory, "broker.pfx");
        File.WriteAllText(CertificatePath, created.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(PfxPath, created.Export(X509ContentType.Pfx, PfxPassword));
        Certificate = X509CertificateLoader.LoadCertificate(created.Export(X509ContentType.Cert));
    }

    public const string PfxPassword = "pfx-secret";

    /// <summary>The certificate devices are given as their CA file (it is self-signed).</summary>
    public string CertificatePath { get; }

    public string KeyPath { get; }

    public string PfxPath { get; }

    public X509Certificate2 Certificate { get; }

    public int TlsPort { get; } = HeritageApp.FreePort();

    public static BrokerTls In(string directory) => new(directory);

    /// <summary>Settings for a TLS endpoint on loopback, plain MQTT kept on (or turned off).</summary>
    public Dictionary<string, string> Settings(bool plain = true, bool pfx = false) => new()
    {
        ["Mqtt:TlsEnabled"] = "true",
        ["Mqtt:TlsPort"] = TlsPort.ToString(CultureInfo.InvariantCulture),
        ["Mqtt:TlsCertificate"] = pfx ? PfxPath : CertificatePath,
        ["Mqtt:TlsKey"] = pfx ? "" : KeyPath,
        ["Mqtt:TlsPassword"] = pfx ? PfxPassword : "",
        ["Mqtt:PlainEnabled"] = plain ? "true" : "false",
        ["Mqtt:BindAddress"] = "127.0.0.1",
    };

    /// <summary>Trusts exactly this certificate, as a device given it as its CA file does.</summary>
    public bool Trusts(X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }
}
