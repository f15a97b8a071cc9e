using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Linzi.Heritage.Server;

/// <summary>Says where to connect once the server is up, so nobody has to guess ports and paths.</summary>
public static class StartupBanner
{
    /// <summary>Logs the addresses when the application has started.</summary>
    public static void LogWhereToConnect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var http = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(in-process)";
            var broker = app.Services.GetRequiredService<IBrokerEdge>().Description;
            var data = app.Services.GetRequiredService<DataFiles>().DataDirectory;
            var hub = http.TrimEnd('/') + HubPaths.Monitor;
            app.Logger.WhereToConnect(http, hub, broker, data);
        });
    }
}
