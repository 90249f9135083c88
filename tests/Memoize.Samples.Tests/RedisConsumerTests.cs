using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.Samples.Tests.Packaging;

namespace Memoize.Samples.Tests;

/// <summary>
/// samples/RedisConsumer, built from the packed packages alone: an application that references StackExchange.Redis
/// and Microsoft.Extensions.Caching.StackExchangeRedis itself, next to Memoize.Redis, and shares its connection with it.
/// </summary>
public sealed class RedisConsumerTests : IDisposable
{
    private readonly PackageWorkspace _workspace = new();
    private RedisServer? _server;

    public void Dispose()
    {
        _server?.Dispose();
        _workspace.Dispose();
    }

    [RedisFact]
    public async Task An_app_with_its_own_StackExchange_Redis_and_IDistributedCache_builds_without_a_version_conflict_and_shares_its_connection_with_Memoize()
    {
        await _workspace.PackAsync("src/Runtime/Memoize.csproj", "src/Redis/Memoize.Redis.csproj");
        string consumer = _workspace.CopySample("RedisConsumer", "RedisConsumer.csproj", "Program.cs");
        _server = RedisServer.Start();

        // The sample treats warnings as errors, so a downgrade or an unsatisfied dependency range (NU1605, NU1608) fails the build.
        string build = await ProcessRunner.DotnetAsync(consumer, $"build -c Release -p:RestorePackagesPath=\"{_workspace.RestoreFolder}\"");
        Assert.DoesNotContain(": warning ", build, StringComparison.Ordinal);
        string[] output = (await ProcessRunner.DotnetAsync(consumer, $"run -c Release --no-build -- {_server.Endpoint}")).Trim().Split('\n').Select(static l => l.Trim()).ToArray();

        Assert.Contains("distributed: from IDistributedCache", output);
        Assert.Contains("memoized: a quote about redis (same as first: True); computed 1 time(s)", output);
        Assert.Contains("memoize entries in redis: 1", output);
        string clients = Assert.Single(output, static l => l.StartsWith("connected clients", StringComparison.Ordinal));
        Assert.Matches(@"^connected clients before Memoize: (\d+), after: \1$", clients); // Memoize opened no connection of its own

        // One StackExchange.Redis in the app: the version it asked for, which satisfies Memoize.Redis and the distributed cache.
        using JsonDocument assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json")));
        string[] clientLibraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(static p => p.Name).Where(static n => n.StartsWith("StackExchange.Redis/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["StackExchange.Redis/3.4.35"], clientLibraries);
        Assert.Contains(assets.RootElement.GetProperty("libraries").EnumerateObject(), static p => p.Name.StartsWith("Microsoft.Extensions.Caching.StackExchangeRedis/", StringComparison.Ordinal));
    }
}
