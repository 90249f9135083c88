using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// The one multiplexer of a store, created on first use, behind a circuit breaker. Every Redis call of the
/// store enters through <see cref="Enter"/> and reports its outcome with <see cref="Succeeded"/> or
/// <see cref="Failed"/>, so an outage is detected, logged and counted once, and the end of it as well.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private static readonly Action<ILogger, string, Exception?> s_outageStarted = LoggerMessage.Define<string>(
        LogLevel.Warning, new EventId(1, "RedisUnavailable"), "Redis cache store unavailable ({Endpoints}); memoized calls compute their values until it returns.");

    private static readonly Action<ILogger, string, Exception?> s_outageEnded = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(2, "RedisRestored"), "Redis cache store available again ({Endpoints}).");

    private readonly ConfigurationOptions _configuration;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger? _logger;
    private readonly object _connectGate = new();
    private readonly string _endpoints;
    private ConnectionMultiplexer? _multiplexer;
    private long _failures;
    private long _outages;
    private bool _disposed;

    public RedisConnection(RedisCacheStoreOptions options)
    {
        _configuration = ConfigurationOptions.Parse(options.Configuration);
        _configuration.AbortOnConnectFail = false;
        _configuration.ConnectTimeout = ToMilliseconds(options.ConnectTimeout);
        _configuration.SyncTimeout = ToMilliseconds(options.OperationTimeout);
        _configuration.ResponseTimeout = ToMilliseconds(options.OperationTimeout);
        _configuration.ConnectRetry = 1;
        _breaker = new CircuitBreaker(options.BreakDuration, options.TimeProvider);
        _logger = options.Logger;
        _endpoints = string.Join(",", DescribeEndpoints(_configuration.EndPoints));
        Database = _configuration.DefaultDatabase ?? 0;
    }

    /// <summary>Raised when an outage ends (the breaker closes, or the client reconnects on its own).</summary>
    public event Action? Restored;

    public int Database { get; }

    public long Failures => Interlocked.Read(ref _failures);

    public long Outages => Interlocked.Read(ref _outages);

    public bool IsBroken => _breaker.IsOpen;

    /// <summary>The multiplexer, connecting on first use; throws <see cref="RedisStoreUnavailableException"/> while the breaker is open.</summary>
    public ConnectionMultiplexer Enter(out bool probe)
    {
        if (!_breaker.TryEnter(out probe))
        {
            throw new RedisStoreUnavailableException($"Redis ({_endpoints}) is unavailable; the store will try again shortly.");
        }

        return _multiplexer ?? Connect(probe);
    }

    public IDatabase EnterDatabase(out bool probe) => Enter(out probe).GetDatabase(Database);

    /// <summary>The pub/sub side of the connection, or <see langword="null"/> while the breaker is open. Never takes the breaker's probe.</summary>
    public ISubscriber? Subscriber()
    {
        if (_breaker.IsOpen)
        {
            return null;
        }

        return (_multiplexer ?? Connect(probe: false)).GetSubscriber();
    }

    public void Succeeded(bool probe)
    {
        if (_breaker.Succeeded(probe))
        {
            if (_logger is not null)
            {
                s_outageEnded(_logger, _endpoints, null);
            }

            Restored?.Invoke();
        }
    }

    /// <summary>Records a failed call; returns the exception to throw (connection failures become <see cref="RedisStoreUnavailableException"/>).</summary>
    public Exception Failed(Exception exception, bool probe)
    {
        if (!IsConnectionFailure(exception))
        {
            if (probe)
            {
                // Redis answered, so it is up; the command itself was wrong.
                Succeeded(probe);
            }

            return exception;
        }

        Interlocked.Increment(ref _failures);
        if (_breaker.Failed(probe))
        {
            Interlocked.Increment(ref _outages);
            if (_logger is not null)
            {
                s_outageStarted(_logger, _endpoints, exception);
            }
        }

        return exception as RedisStoreUnavailableException ?? new RedisStoreUnavailableException($"Redis ({_endpoints}) is unavailable: {exception.Message}", exception);
    }

    /// <summary>
    /// Whether a failure means Redis could not be reached. Everything but an answer from Redis (an error reply),
    /// a bad argument or a cancellation counts: during an outage the client fails in many ways, and treating an
    /// unknown one as an answer would close the breaker while Redis is still down.
    /// </summary>
    public static bool IsConnectionFailure(Exception exception) => exception is not (RedisServerException
        or RedisCommandException
        or ArgumentException
        or OperationCanceledException);

    /// <summary>The master nodes (every node of a cluster that owns slots, or the one server).</summary>
    public List<IServer> Masters(ConnectionMultiplexer multiplexer)
    {
        var masters = new List<IServer>();
        foreach (EndPoint endpoint in multiplexer.GetEndPoints())
        {
            IServer server = multiplexer.GetServer(endpoint);
            if (!server.IsSlave)
            {
                if (!server.IsConnected)
                {
                    throw new RedisStoreUnavailableException($"Redis node {endpoint} is not connected.");
                }

                masters.Add(server);
            }
        }

        return masters;
    }

    public void Dispose()
    {
        lock (_connectGate)
        {
            _disposed = true;
            _multiplexer?.Dispose();
        }
    }

    private ConnectionMultiplexer Connect(bool probe)
    {
        lock (_connectGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is { } existing)
            {
                return existing;
            }

            try
            {
                // With AbortOnConnectFail off this returns even when Redis is down, and keeps reconnecting in the background.
                ConnectionMultiplexer multiplexer = ConnectionMultiplexer.Connect(_configuration);
#pragma warning disable CS0618 // Completing commands in order serializes every continuation on one queue; nothing here needs it.
                multiplexer.PreserveAsyncOrder = false;
#pragma warning restore CS0618
                multiplexer.ConnectionRestored += (_, _) => OnReconnected();
                _multiplexer = multiplexer;
                return multiplexer;
            }
            catch (Exception exception)
            {
                throw Failed(exception, probe);
            }
        }
    }

    private void OnReconnected()
    {
        // Pub/sub messages sent while disconnected are lost, so listeners hear about every reconnection,
        // even one no call noticed.
        bool wasBroken = _breaker.IsOpen;
        Succeeded(probe: true);
        if (!wasBroken)
        {
            Restored?.Invoke();
        }
    }

    private static IEnumerable<string> DescribeEndpoints(EndPointCollection endpoints)
    {
        foreach (EndPoint endpoint in endpoints)
        {
            yield return endpoint switch
            {
                DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
                _ => endpoint.ToString() ?? "?",
            };
        }
    }

    private static int ToMilliseconds(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Max(1, span.TotalMilliseconds));
}
