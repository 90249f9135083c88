using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Memoize;

/// <summary>
/// Checks every store's configuration against its backend when the host starts (<see cref="CacheManager.ValidateStoresAsync"/>),
/// so a wrong password stops the application with a clear error instead of surfacing at the first cached call.
/// It runs in <see cref="StartingAsync"/>, before any hosted service (a web server among them) starts, the way
/// <c>ValidateOnStart</c> checks options.
/// </summary>
internal sealed class MemoizeStoreStartupCheck(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
        => services.GetRequiredService<CacheManager>().ValidateStoresAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
