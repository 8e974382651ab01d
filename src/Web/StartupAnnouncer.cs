using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MigrationTracker.Core.Storage;

namespace MigrationTracker.Web;

/// <summary>Says where the product listens and where it keeps its data, once the server is up.</summary>
internal sealed class StartupAnnouncer(IServer server, IHostApplicationLifetime lifetime, StorageSettings storage, ILogger<StartupAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                logger.LogInformation("MigrationTracker is ready: open {Address} in a browser", address);
            }

            logger.LogInformation("Data: {Provider} at {Target}", storage.Provider, storage.DisplayTarget);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
