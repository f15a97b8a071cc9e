using StackExchange.Redis;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// Whether the hub's messages pass through Redis (<c>ConnectionStrings:Redis</c>) to every instance's connections:
/// the SignalR Redis backplane. Then a message sent by one instance (a live reading it ingested, an alert change, a
/// disabled account's sign-out) reaches a connection held by any other, and the live alert push, which would otherwise
/// run on every instance for its own connections, runs on one instance for all of them.
/// </summary>
/// <param name="Enabled">True with a Redis connection string.</param>
public sealed record HubScaleOut(bool Enabled)
{
    /// <summary>The connection string's name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Redis";

    /// <summary>The prefix of the backplane's Redis channels, so that one Redis can serve other systems too.</summary>
    public const string ChannelPrefix = "linzi-heritage";
}

/// <summary>Registers the SignalR hub's services, with the Redis backplane when configured.</summary>
public static class HubScaleOutExtensions
{
    /// <summary>Adds SignalR and, with <c>ConnectionStrings:Redis</c>, its Redis backplane.</summary>
    public static IHostApplicationBuilder AddHeritageHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var signalR = builder.Services.AddSignalR();
        var redis = builder.Configuration.GetConnectionString(HubScaleOut.ConnectionStringName);
        var enabled = !string.IsNullOrWhiteSpace(redis);
        if (enabled)
        {
            signalR.AddStackExchangeRedis(redis!, options => options.Configuration.ChannelPrefix = RedisChannel.Literal(HubScaleOut.ChannelPrefix));
        }

        builder.Services.AddSingleton(new HubScaleOut(enabled));
        return builder;
    }
}
