using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace Memoize.Redis.Tests.Infrastructure;

/// <summary>One redis-server for a test collection, started on first use and killed at the end.</summary>
public sealed class SingleRedisFixture : IDisposable
{
    private readonly Lazy<RedisServer> _server = new(() => RedisServer.Start());

    public RedisServer Server => _server.Value;

    public string Configuration => Server.Endpoint;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

/// <summary>A 3-master Redis Cluster on loopback ports, created with <c>redis-cli --cluster create</c>.</summary>
public sealed class RedisClusterFixture : IDisposable
{
    private readonly Lazy<RedisServer[]> _nodes = new(StartCluster);

    public RedisServer[] Nodes => _nodes.Value;

    public string Configuration => string.Join(",", Nodes.Select(static n => n.Endpoint));

    public void Dispose()
    {
        if (_nodes.IsValueCreated)
        {
            foreach (RedisServer node in _nodes.Value)
            {
                node.Dispose();
            }
        }
    }

    private static RedisServer[] StartCluster()
    {
        RedisServer[] nodes = new RedisServer[3];
        try
        {
            for (int i = 0; i < nodes.Length; i++)
            {
                nodes[i] = RedisServer.Start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000");
            }

            RedisCli.Run(nodes[0].Port, ["--cluster", "create", .. nodes.Select(static n => n.Endpoint), "--cluster-replicas", "0", "--cluster-yes"]);
            var watch = Stopwatch.StartNew();
            while (!nodes.All(static n => RedisCli.Run(n.Port, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException("The Redis cluster did not reach cluster_state:ok within 30 seconds.");
                }

                Thread.Sleep(100);
            }

            return nodes;
        }
        catch
        {
            foreach (RedisServer? node in nodes)
            {
                node?.Dispose();
            }

            throw;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SingleRedisCollection : ICollectionFixture<SingleRedisFixture>
{
    public const string Name = "single redis";
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis cluster";
}
