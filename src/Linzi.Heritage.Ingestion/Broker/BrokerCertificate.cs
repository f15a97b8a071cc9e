using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>Loads the embedded broker's TLS certificate from <c>Mqtt:TlsCertificate</c> (PEM with a key, or PFX).</summary>
public static class BrokerCertificate
{
    /// <summary>Loads the certificate with its private key; throws with a message naming the setting when it cannot.</summary>
    public static X509Certificate2 Load(MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.TlsCertificate;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException("Mqtt:TlsEnabled needs Mqtt:TlsCertificate (a PEM or PFX file).");
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Mqtt:TlsCertificate: {path} does not exist.");
        }

        try
        {
            X509Certificate2 certificate;
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.TlsPassword);
            }
            else
            {
                var keyPath = string.IsNullOrWhiteSpace(options.TlsKey) ? null : options.TlsKey;
                if (keyPath is not null && !File.Exists(keyPath))
                {
                    throw new InvalidOperationException($"Mqtt:TlsKey: {keyPath} does not exist.");
                }

                using var pem = string.IsNullOrEmpty(options.TlsPassword)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, options.TlsPassword, keyPath);

                // A PEM key is ephemeral; SslStream wants a certificate whose key it can use on every platform.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }

            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new InvalidOperationException($"Mqtt:TlsCertificate: {path} has no private key (give it in Mqtt:TlsKey).");
            }

            return certificate;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException)
        {
            throw new InvalidOperationException($"Mqtt:TlsCertificate: cannot load {path}: {ex.Message}", ex);
        }
    }
}

/// <summary>Checks the embedded broker's endpoints at start-up: at least one endpoint, a certificate that loads, a valid bind address.</summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsEmbedded)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!options.PlainEnabled && !options.TlsEnabled)
        {
            failures.Add("Mqtt: at least one endpoint is needed: Mqtt:PlainEnabled or Mqtt:TlsEnabled.");
        }

        if (options.PlainEnabled && options.TlsEnabled && options.Port == options.TlsPort)
        {
            failures.Add($"Mqtt:TlsPort must differ from Mqtt:Port ({options.Port}).");
        }

        if (!string.IsNullOrWhiteSpace(options.BindAddress) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"Mqtt:BindAddress: '{options.BindAddress}' is not an IP address.");
        }

        if (options.DeviceByteBurst < options.MaxPacketBytes)
        {
            failures.Add($"Mqtt:DeviceByteBurst ({options.DeviceByteBurst}) must be at least Mqtt:MaxPacketBytes ({options.MaxPacketBytes}).");
        }

        if (options.TlsEnabled)
        {
            try
            {
                using var certificate = BrokerCertificate.Load(options);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
