using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Running;
using Memoize.Benchmarks.Peers;
using Memoize.Benchmarks.Redis;

// Everything: dotnet run -c Release --project tests/Memoize.Benchmarks -- --filter '*'
// The stampede measurement (Memoize beside FusionCache and HybridCache) is not a BenchmarkDotNet benchmark (it measures a
// release latency, not an operation); it runs when the filter matches its name, Memoize.Benchmarks.Peers.PeerStampedeMeasurement.
// The peers (FusionCache, HybridCache) beside Memoize, stampede included: dotnet run -c Release --project tests/Memoize.Benchmarks -- --filter '*Peer*'
// Adjacent pairs of the Redis hit benchmark: dotnet run -c Release --project tests/Memoize.Benchmarks -- --redis-hit-pairs 8 async
// The same reads interleaved call by call: dotnet run -c Release --project tests/Memoize.Benchmarks -- --redis-hit-interleaved 30000 async
if (args is [RedisHitPairs.Switch, string pairs, string category])
{
    RedisHitPairs.Run(int.Parse(pairs, System.Globalization.CultureInfo.InvariantCulture), category);
    return;
}

if (args is [RedisHitInterleaved.Switch, string interleavedPairs, string interleavedCategory])
{
    RedisHitInterleaved.Run(int.Parse(interleavedPairs, System.Globalization.CultureInfo.InvariantCulture), interleavedCategory);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

string[] filters = args.SkipWhile(static a => a is not ("--filter" or "-f")).Skip(1).TakeWhile(static a => !a.StartsWith('-')).ToArray();
if (filters.Any(static f => FilterMatches(f, PeerStampedeMeasurement.Name)))
{
    PeerStampedeMeasurement.Run(Path.Combine("BenchmarkDotNet.Artifacts", "results"));
}

static bool FilterMatches(string filter, string name)
    => Regex.IsMatch(name, "^" + Regex.Escape(filter).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);
