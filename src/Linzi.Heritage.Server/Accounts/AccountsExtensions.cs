using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>Account administration: the editor, the hub connection registry and the users API.</summary>
public static class AccountsExtensions
{
    /// <summary>Adds the account services and the hub filter that lets a change close an account's connections.</summary>
    public static IHostApplicationBuilder AddHeritageAccounts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AccountEditor>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.Configure<HubOptions>(o => o.AddFilter<HubSessions>());
        return builder;
    }
}
