using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// One multiplexer per configuration in a process, shared by every store that uses it, as the client intends:
/// each multiplexer holds its own sockets and threads, and connecting costs a round of handshakes per node.
/// Reference-counted: the last store to let go closes it.
/// </summary>
internal static class SharedMultiplexers
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<string, Entry> s_entries = new(StringComparer.Ordinal);

    public static async Task<ConnectionMultiplexer> AcquireAsync(ConfigurationOptions configuration)
    {
        string key = configuration.ToString(includePassword: true);
        Entry? entry;
        lock (s_gate)
        {
            if (!s_entries.TryGetValue(key, out entry))
            {
                entry = new Entry(configuration);
                s_entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            return await entry.Multiplexer.Value.ConfigureAwait(false);
        }
        catch
        {
            Release(configuration);
            throw;
        }
    }

    public static void Release(ConfigurationOptions configuration)
    {
        string key = configuration.ToString(includePassword: true);
        ConnectionMultiplexer? toClose = null;
        lock (s_gate)
        {
            if (s_entries.TryGetValue(key, out Entry? entry) && --entry.References == 0)
            {
                s_entries.Remove(key);
                if (entry.Multiplexer.IsValueCreated && entry.Multiplexer.Value.IsCompletedSuccessfully)
                {
                    toClose = entry.Multiplexer.Value.Result;
                }
            }
        }

        toClose?.Dispose();
    }

    private sealed class Entry(ConfigurationOptions configuration)
    {
        public int References;

        // With AbortOnConnectFail off, connecting completes even when Redis is down, and the multiplexer keeps
        // reconnecting in the background. Callers that arrive meanwhile await the same connect.
        public readonly Lazy<Task<ConnectionMultiplexer>> Multiplexer = new(() => ConnectionMultiplexer.ConnectAsync(configuration));
    }
}
