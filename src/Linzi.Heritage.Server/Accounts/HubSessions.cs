using System.Collections.Concurrent;
using System.Globalization;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// Every open hub connection by its caller, so that disabling an account (or changing its password or role) or
/// signing out can end its live connections at once: a token is checked when a connection opens, never again while
/// it stays open. Each connection also ends when its token expires on the app's clock (beside SignalR's own
/// CloseOnAuthenticationExpiration, which reads the real clock). A global hub filter, so every hub is covered,
/// today's and later ones. Thread-safe.
/// </summary>
public sealed class HubSessions(SessionValidator sessions, TimeProvider time) : IHubFilter
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    /// <summary>How many connections are open (for tests and diagnostics).</summary>
    public int Count => _connections.Count;

    /// <summary>Closes every open connection of the user.</summary>
    public void Abort(string username) => AbortWhere(user => AccountClaims.Username(user) == username);

    /// <summary>
    /// Closes every open connection whose token no longer stands (an account disabled or changed, a session ended,
    /// through another instance); returns how many.
    /// </summary>
    public int AbortStale()
    {
        var closed = 0;
        AbortWhere(user =>
        {
            var stale = !sessions.IsCurrent(user);
            closed += stale ? 1 : 0;
            return stale;
        });
        return closed;
    }

    /// <summary>Closes every open connection of a sign-in session.</summary>
    public void AbortSession(string sessionId) => AbortWhere(user => AccountClaims.Session(user) == sessionId);

    /// <inheritdoc />
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var caller = context.Context;
        _connections[caller.ConnectionId] = new Connection(caller, ExpiryTimer(caller));
        await next(context);

        // The account may have changed between the token check and the registration above; Abort would have missed it.
        if (caller.User is not { } user || !sessions.IsCurrent(user))
        {
            caller.Abort();
        }
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_connections.TryRemove(context.Context.ConnectionId, out var connection))
        {
            connection.Expiry?.Dispose();
        }

        await next(context, exception);
    }

    private void AbortWhere(Func<System.Security.Claims.ClaimsPrincipal, bool> match)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.Caller.User is { } user && match(user))
            {
                connection.Caller.Abort();
            }
        }
    }

    // Aborts the connection when its token's exp passes on the app's clock.
    private ITimer? ExpiryTimer(HubCallerContext caller)
    {
        if (caller.User?.FindFirst("exp")?.Value is not { } exp || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var left = DateTimeOffset.FromUnixTimeSeconds(seconds) - time.GetUtcNow();
        return time.CreateTimer(static state => ((HubCallerContext)state!).Abort(), caller, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private sealed record Connection(HubCallerContext Caller, ITimer? Expiry);
}
