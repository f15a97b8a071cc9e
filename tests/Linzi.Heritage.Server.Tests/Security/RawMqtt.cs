using System.Text;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>Hand-built MQTT 3.1.1 packets, for clients that misbehave on purpose.</summary>
internal static class RawMqtt
{
    /// <summary>CONNECT with clean session, username and password, keep-alive 0.</summary>
    public static byte[] Connect(string username, string password, string clientId)
    {
        var body = new List<byte> { 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0xC2, 0x00, 0x00 };
        body.AddRange(Utf8(clientId));
        body.AddRange(Utf8(username));
        body.AddRange(Utf8(password));
        return [0x10, .. RemainingLength(body.Count), .. body];
    }

    /// <summary>The fixed header of a QoS 0 PUBLISH announcing <paramref name="remainingLength"/> bytes.</summary>
    public static byte[] PublishHeader(int remainingLength) => [0x30, .. RemainingLength(remainingLength)];

    private static byte[] Utf8(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    private static List<byte> RemainingLength(int value)
    {
        var encoded = new List<byte>();
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            encoded.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);
        return encoded;
    }
}
