using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

public sealed partial class CacheManager
{
    /// <summary>
    /// Creates every registered store and asks each one that can (<see cref="IValidatingCacheStore"/>) whether its
    /// backend accepts its configuration, all at once. Call it at start-up when the manager is not registered with
    /// <c>AddMemoize</c> in a host, which does it for you; a backend that is merely unreachable does not fail it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>A task that completes when every store has been checked.</returns>
    /// <exception cref="MemoizeConfigurationException">
    /// A store's backend refused its configuration. The message names the store and the setting to check; when
    /// several stores fail, it lists them all.
    /// </exception>
    public async Task ValidateStoresAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        var checks = new List<Task>();
        foreach (string name in StoreNames)
        {
            if (Store(name) is IValidatingCacheStore store)
            {
                names.Add(name);
                checks.Add(store.ValidateAsync(cancellationToken).AsTask());
            }
        }

        try
        {
            await Task.WhenAll(checks).ConfigureAwait(false);
            return;
        }
        catch
        {
            // Every check has finished; each outcome is read below, so all refusals are reported together.
        }

        var refusals = new List<MemoizeConfigurationException>();
        for (int i = 0; i < checks.Count; i++)
        {
            Exception? failure = checks[i].Exception?.InnerException;
            if (checks[i].IsCanceled)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException($"The start-up check of cache store '{names[i]}' was canceled.");
            }

            if (failure is MemoizeConfigurationException refusal)
            {
                refusals.Add(new MemoizeConfigurationException($"Cache store '{names[i]}': {refusal.Message}", refusal));
            }
            else if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        if (refusals.Count == 1)
        {
            throw refusals[0];
        }

        var message = new System.Text.StringBuilder($"{refusals.Count} cache stores refused their configuration:");
        foreach (MemoizeConfigurationException refusal in refusals)
        {
            message.AppendLine().Append("- ").Append(refusal.Message);
        }

        throw new MemoizeConfigurationException(message.ToString(), new AggregateException(refusals));
    }
}
