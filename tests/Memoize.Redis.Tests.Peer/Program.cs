using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Memoize;
using Memoize.Redis;
using Memoize.Redis.Tests.Peer;

// A second (third, fourth...) process for the cross-process tests: it shares a Redis with the test process
// through a layered store and answers one command per stdin line:
//   get KEY               -> VALUE text | MISS
//   watch KEY OLD         -> WATCHING, then CHANGED text|MISS TIMESTAMP once a read no longer returns OLD
//   stampede KEY CALLERS  -> RAN n VALUES v1,v2... after CALLERS concurrent calls of a memoized method
//   stats                 -> STATS localHits remoteHits invalidations
//   quit
// Usage: Memoize.Redis.Tests.Peer CONFIGURATION NAMESPACE [lock]
string configuration = args[0];
string keyNamespace = args[1];
bool useLock = args.Length > 2 && args[2] == "lock";

using var remote = new RedisCacheStore(new RedisCacheStoreOptions
{
    Configuration = configuration,
    KeyNamespace = keyNamespace,
    DistributedLock = useLock,
});
using var layered = new LayeredCacheStore(remote);
using var manager = new CacheManager(new CacheManagerOptions { DefaultStore = "layered" });
manager.AddStore("layered", layered);
var work = new SlowWork(manager);

// Connect before reporting ready, so timings measure the cache and not the first connection.
await manager.TryGetAsync<string>("warm-up");
while (!layered.IsListening)
{
    await Task.Delay(10);
}

Console.WriteLine("READY");

while (Console.ReadLine() is { } line)
{
    string[] parts = line.Split(' ');
    switch (parts[0])
    {
        case "get":
            CacheResult<string> result = await manager.TryGetAsync<string>(parts[1]);
            Console.WriteLine(result.Found ? "VALUE " + result.Value : "MISS");
            break;
        case "watch":
            Console.WriteLine("WATCHING");
            while (true)
            {
                CacheResult<string> now = await manager.TryGetAsync<string>(parts[1]);
                if (!now.Found || now.Value != parts[2])
                {
                    // The monotonic clock is the same for every process on the machine: the test compares it with its own.
                    Console.WriteLine("CHANGED " + (now.Found ? now.Value : "MISS") + " " + System.Diagnostics.Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
                    break;
                }

                await Task.Delay(1);
            }

            break;
        case "stampede":
            int callers = int.Parse(parts[2], CultureInfo.InvariantCulture);
            string[] values = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => work.ComputeAsync(parts[1]))));
            Console.WriteLine($"RAN {work.Runs} VALUES {string.Join(",", values.Distinct())}");
            break;
        case "stats":
            Console.WriteLine($"STATS {layered.LocalHits} {remote.Hits} {layered.InvalidationsReceived}");
            break;
        case "quit":
            return;
    }
}
