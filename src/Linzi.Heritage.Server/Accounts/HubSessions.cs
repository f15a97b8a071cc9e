using System.Collections.Concurrent;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// Every open hub connection by its caller, so that disabling an account (or changing its password or role) can end
/// its live connections at once: a token is checked when a connection opens, never again while it stays open.
/// A global hub filter, so every hub is covered, today's and later ones. Thread-safe.
/// </summary>
public sealed class HubSessions(SessionValidator sessions) : IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);

    /// <summary>How many connections are open (for tests and diagnostics).</summary>
    public int Count => _connections.Count;

    /// <summary>Closes every open connection of the user.</summary>
    public void Abort(string username)
    {
        foreach (var caller in _connections.Values)
        {
            if (caller.User is { } user && AccountClaims.Username(user) == username)
            {
                caller.Abort();
            }
        }
    }

    /// <inheritdoc />
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _connections[context.Context.ConnectionId] = context.Context;
        await next(context);

        // The account may have changed between the token check and the registration above; Abort would have missed it.
        if (context.Context.User is not { } user || !sessions.IsCurrent(user))
        {
            context.Context.Abort();
        }
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _connections.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }
}
