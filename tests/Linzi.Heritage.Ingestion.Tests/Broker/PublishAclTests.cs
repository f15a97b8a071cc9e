using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Ingestion.Decoding;

namespace Linzi.Heritage.Ingestion.Tests.Broker;

public sealed class PublishAclTests
{
    private static readonly DeviceSession Session = new("hp-vib-01", "horse-pit");

    private static RegistrySnapshot Registry() =>
        new([], [], [], [new Device("hp-vib-01", "horse-pit", "vibration", ["ppv_mm_s"], 36.86, 118.35)], []);

    [Theory]
    [InlineData("heritage/horse-pit/hp-vib-01/telemetry", TopicKind.Telemetry)]
    [InlineData("heritage/horse-pit/hp-vib-01/status", TopicKind.Status)]
    public void ForConnection_OwnTelemetryOrStatus_GoesOnForTheSession(string topic, TopicKind kind)
    {
        var decision = PublishAcl.ForConnection(topic, Session);

        Assert.Null(decision.Refused);
        Assert.Equal((kind, Session), (decision.Kind, decision.Device));
    }

    [Theory]
    [InlineData("heritage/horse-pit/hp-vib-02/telemetry")] // another device
    [InlineData("heritage/smelting-site/hp-vib-01/status")] // its own id under another site
    [InlineData("heritage/horse-pit/hp-vib-01/cmd")] // only the server publishes commands
    [InlineData("heritage/smelting-site/hp-vib-01/debug")] // not its prefix, so not merely an unknown topic
    [InlineData("heritage/horse-pit/hp-vib-01/status/extra")]
    [InlineData("other/horse-pit/hp-vib-01/telemetry")]
    [InlineData("")]
    public void ForConnection_OutsideItsPrefix_IsNotAuthorized(string topic)
    {
        var decision = PublishAcl.ForConnection(topic, Session);

        Assert.Equal(RejectReasons.NotAuthorized, decision.Refused?.Reason);
        Assert.Equal(Session, decision.Device); // recorded against the authenticated device, not the topic's
    }

    [Fact]
    public void ForConnection_UnknownTopicUnderItsPrefix_IsUnknownTopic()
    {
        var decision = PublishAcl.ForConnection("heritage/horse-pit/hp-vib-01/debug", Session);

        Assert.Equal(RejectReasons.UnknownTopic, decision.Refused?.Reason);
    }

    [Theory]
    [InlineData("heritage/horse-pit/hp-vib-01/telemetry", TopicKind.Telemetry)]
    [InlineData("heritage/horse-pit/hp-vib-01/status", TopicKind.Status)]
    public void ForRelayed_RegisteredDeviceAtItsSite_GoesOnForTheTopicsDevice(string topic, TopicKind kind)
    {
        var decision = PublishAcl.ForRelayed(topic, Registry());

        Assert.Null(decision.Refused);
        Assert.Equal((kind, Session), (decision.Kind, decision.Device));
    }

    [Theory]
    [InlineData("heritage/horse-pit/hp-ghost-01/status", "hp-ghost-01")] // not registered
    [InlineData("heritage/smelting-site/hp-vib-01/telemetry", "hp-vib-01")] // registered elsewhere
    [InlineData("heritage/horse-pit/hp-vib-01/cmd", "hp-vib-01")]
    [InlineData("heritage/horse-pit/hp-vib-01/debug", "hp-vib-01")]
    public void ForRelayed_AnythingElse_IsNotAuthorizedAndNamesTheTopicsDevice(string topic, string deviceId)
    {
        var decision = PublishAcl.ForRelayed(topic, Registry());

        Assert.Equal(RejectReasons.NotAuthorized, decision.Refused?.Reason);
        Assert.Equal(deviceId, decision.Device.DeviceId);
    }
}
