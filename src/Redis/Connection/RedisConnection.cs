using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// A store's use of a multiplexer, behind a circuit breaker: either the process-wide multiplexer for the store's
/// configuration (acquired on first use, released on dispose), or one the application made and owns. Every Redis
/// command of the store runs through <see cref="Run{TState, T}"/> or <see cref="RunAsync{TState, TReply, TResult}"/>
/// (RedisConnection.CommandPath.cs), so an outage is detected, logged and counted once, and the end of it as well.
/// </summary>
internal sealed partial class RedisConnection : IDisposable
{
    private static readonly Action<ILogger, string, Exception?> s_outageStarted = LoggerMessage.Define<string>(
        LogLevel.Warning, new EventId(1, "RedisUnavailable"), "Redis cache store unavailable ({Endpoints}); memoized calls compute their values until it returns.");

    private static readonly Action<ILogger, string, Exception?> s_outageEnded = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(2, "RedisRestored"), "Redis cache store available again ({Endpoints}).");

    private readonly ConfigurationOptions _configuration;
    private readonly bool _ownsMultiplexer;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger? _logger;
    private readonly object _connectGate = new();
    private readonly string _endpoints;
    private readonly TimeSpan _connectDeadline;
    private readonly EventHandler<ConnectionFailedEventArgs> _onConnectionRestored;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _operationTimeout;
    private IConnectionMultiplexer? _multiplexer;
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _blockingIsBounded;
    private long _failures;
    private long _outages;
    private bool _disposed;

    /// <summary>A connection to the process-wide multiplexer for <see cref="RedisCacheStoreOptions.Configuration"/>, made on first use.</summary>
    public RedisConnection(RedisCacheStoreOptions options)
        : this(options, OwnConfiguration(options), multiplexer: null)
    {
    }

    /// <summary>A connection over the application's own multiplexer, which this connection never closes.</summary>
    public RedisConnection(IConnectionMultiplexer multiplexer, RedisCacheStoreOptions options)
        : this(options, ConfigurationOptions.Parse(multiplexer.Configuration), multiplexer)
    {
    }

    private RedisConnection(RedisCacheStoreOptions options, ConfigurationOptions configuration, IConnectionMultiplexer? multiplexer)
    {
        _configuration = configuration;
        _ownsMultiplexer = multiplexer is null;
        _breaker = new CircuitBreaker(options.BreakDuration, options.TimeProvider);
        _connectDeadline = options.ConnectTimeout + options.OperationTimeout;
        _logger = options.Logger;
        _connectTimeout = options.ConnectTimeout;
        _operationTimeout = options.OperationTimeout;
        _onConnectionRestored = (_, _) => OnReconnected();
        Database = _configuration.DefaultDatabase ?? 0;
        if (multiplexer is null)
        {
            _endpoints = string.Join(",", DescribeEndpoints(_configuration.EndPoints));
        }
        else
        {
            _endpoints = string.Join(",", DescribeEndpoints(multiplexer.GetEndPoints(configuredOnly: true)));
            Adopt(multiplexer);
        }
    }

    /// <summary>Raised when an outage ends (the breaker closes, or the client reconnects on its own).</summary>
    public event Action? Restored;

    public int Database { get; }

    public long Failures => Interlocked.Read(ref _failures);

    public long Outages => Interlocked.Read(ref _outages);

    public bool IsBroken => _breaker.IsOpen;

    /// <summary>The pub/sub side of the connection, or <see langword="null"/> while the breaker is open. Never takes the breaker's probe.</summary>
    public async ValueTask<ISubscriber?> SubscriberAsync()
    {
        if (_breaker.IsOpen)
        {
            return null;
        }

        return (_multiplexer ?? await ConnectAsync(probe: false).ConfigureAwait(false)).GetSubscriber();
    }

    /// <summary>The pub/sub side of the connection, or <see langword="null"/> while the breaker is open or nothing is connected yet.</summary>
    public ISubscriber? Subscriber()
    {
        if (_breaker.IsOpen)
        {
            return null;
        }

        return _multiplexer?.GetSubscriber();
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

    /// <summary>
    /// Connects now, whatever the breaker says, and runs one read-only command on the store's database
    /// (<paramref name="probeKey"/>: EXISTS, because the client checks the database index only for commands on a
    /// database). Throws <see cref="MemoizeConfigurationException"/> when Redis answers but refuses the configuration;
    /// when it cannot be reached, records the outage like any failed call (logged once) and returns.
    /// </summary>
    public async Task ValidateAsync(RedisKey probeKey, CancellationToken cancellationToken)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            IConnectionMultiplexer multiplexer;
            try
            {
                multiplexer = _multiplexer ?? await ConnectAsync(probe: false).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisStoreUnavailableException)
            {
                return; // ConnectAsync has recorded and logged the outage.
            }

            try
            {
                await multiplexer.GetDatabase(Database).KeyExistsAsync(probeKey).WaitAsync(_operationTimeout, cancellationToken).ConfigureAwait(false);
                Succeeded(probe: true);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                if (RedisRefusal.Describe(exception, _endpoints, _configuration) is { } refusal)
                {
                    throw new MemoizeConfigurationException(refusal, exception);
                }

                // Right after connecting the client can fail a command before it has recorded why the handshake
                // failed; only a failure that says what happened (or the connect timeout) ends the check.
                if (RedisRefusal.IsUnexplained(exception) && elapsed.Elapsed < _connectTimeout)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Any other error reply (still loading, for one) says nothing about the configuration.
                if (IsConnectionFailure(exception))
                {
                    _ = Failed(exception, probe: false);
                }

                return;
            }
        }
    }

    /// <summary>The master nodes (every node of a cluster that owns slots, or the one server).</summary>
    public static List<IServer> Masters(IConnectionMultiplexer multiplexer)
    {
        var masters = new List<IServer>();
        foreach (EndPoint endpoint in multiplexer.GetEndPoints())
        {
            IServer server = multiplexer.GetServer(endpoint);
            if (!server.IsReplica)
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

    /// <summary>Stops listening to the multiplexer, and lets go of it when it is the shared one (the last store to let go closes it). Idempotent.</summary>
    public void Dispose()
    {
        lock (_connectGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_multiplexer is { } multiplexer)
            {
                multiplexer.ConnectionRestored -= _onConnectionRestored;
                if (_ownsMultiplexer)
                {
                    SharedMultiplexers.Release(_configuration);
                }
            }
        }
    }

    /// <summary>The configuration of a multiplexer this store makes: the user's string, with the store's timeouts and safety settings.</summary>
    private static ConfigurationOptions OwnConfiguration(RedisCacheStoreOptions options)
    {
        ConfigurationOptions configuration = ConfigurationOptions.Parse(options.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = ToMilliseconds(options.ConnectTimeout);
        configuration.SyncTimeout = ToMilliseconds(options.OperationTimeout);
        configuration.AsyncTimeout = ToMilliseconds(options.OperationTimeout);
        configuration.ConnectRetry = 1;

        // With no connection a memoized call computes rather than waits: a command fails at once, carrying why the
        // connection failed (a refused password, say), instead of queueing until its timeout says nothing more.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;

        // Exception messages would otherwise carry the command's key, which holds argument values, into logs.
        configuration.IncludeDetailInExceptions = false;
        if (options.TrustedCertificateAuthority is { } authority)
        {
            configuration.CertificateValidation += (_, certificate, _, errors) => CertificateTrust.IsTrusted(certificate, errors, authority);
        }

        return configuration;
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(bool probe)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_connectGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is { } existing)
            {
                return existing;
            }

            connecting = _connecting ??= SharedMultiplexers.AcquireAsync(_configuration);
        }

        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await connecting.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            lock (_connectGate)
            {
                if (ReferenceEquals(_connecting, connecting))
                {
                    _connecting = null;
                }
            }

            throw Failed(exception, probe);
        }

        lock (_connectGate)
        {
            if (_multiplexer is null)
            {
                if (_disposed)
                {
                    SharedMultiplexers.Release(_configuration);
                    throw new ObjectDisposedException(nameof(RedisCacheStore));
                }

                Adopt(multiplexer);
            }

            return _multiplexer!;
        }
    }

    private void Adopt(IConnectionMultiplexer multiplexer)
    {
        // The client's blocking commands wait for the multiplexer's sync timeout: the store's own multiplexer has the
        // operation timeout, an application's may have a longer one, and then blocking calls wait with a bound of their own.
        _blockingIsBounded = multiplexer.TimeoutMilliseconds <= ToMilliseconds(_operationTimeout);
        multiplexer.ConnectionRestored += _onConnectionRestored;
        _multiplexer = multiplexer;
    }

    private void OnReconnected()
    {
        // Pub/sub messages sent while disconnected are lost, so listeners hear about every reconnection, even one
        // no call noticed. The breaker is left to its probe: the client reports a restored connection before it
        // can serve commands on it, and closing early would start a second outage at once.
        Restored?.Invoke();
    }

    private static IEnumerable<string> DescribeEndpoints(IEnumerable<EndPoint> endpoints)
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
