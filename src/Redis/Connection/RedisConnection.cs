using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// A store's use of the process-wide multiplexer for its configuration, acquired on first use, behind a circuit breaker. Every Redis call of the
/// store enters through <see cref="EnterAsync"/> and reports its outcome with <see cref="Succeeded"/> or
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
    private readonly TimeSpan _connectDeadline;
    private readonly EventHandler<ConnectionFailedEventArgs> _onConnectionRestored;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _operationTimeout;
    private ConnectionMultiplexer? _multiplexer;
    private Task<ConnectionMultiplexer>? _connecting;
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
        if (options.TrustedCertificateAuthority is { } authority)
        {
            _configuration.CertificateValidation += (_, certificate, _, errors) => CertificateTrust.IsTrusted(certificate, errors, authority);
        }
        _breaker = new CircuitBreaker(options.BreakDuration, options.TimeProvider);
        _connectDeadline = options.ConnectTimeout + options.OperationTimeout;
        _logger = options.Logger;
        _endpoints = string.Join(",", DescribeEndpoints(_configuration.EndPoints));
        Database = _configuration.DefaultDatabase ?? 0;
        _connectTimeout = options.ConnectTimeout;
        _operationTimeout = options.OperationTimeout;
        _onConnectionRestored = (_, _) => OnReconnected();
    }

    /// <summary>Raised when an outage ends (the breaker closes, or the client reconnects on its own).</summary>
    public event Action? Restored;

    public int Database { get; }

    public long Failures => Interlocked.Read(ref _failures);

    public long Outages => Interlocked.Read(ref _outages);

    public bool IsBroken => _breaker.IsOpen;

    /// <summary>The multiplexer, connecting on first use; throws <see cref="RedisStoreUnavailableException"/> while the breaker is open.</summary>
    public ValueTask<(ConnectionMultiplexer Multiplexer, bool Probe)> EnterAsync()
    {
        bool probe = EnterBreaker();
        return _multiplexer is { } multiplexer ? new((multiplexer, probe)) : ConnectThenAsync(probe, static (m, _) => m);
    }

    /// <summary>The database, connecting on first use; throws <see cref="RedisStoreUnavailableException"/> while the breaker is open.</summary>
    public ValueTask<(IDatabase Database, bool Probe)> EnterDatabaseAsync()
    {
        bool probe = EnterBreaker();
        return _multiplexer is { } multiplexer ? new((multiplexer.GetDatabase(Database), probe)) : ConnectThenAsync(probe, static (m, database) => m.GetDatabase(database));
    }

    /// <summary>
    /// The database for a blocking command, connecting on first use; throws <see cref="RedisStoreUnavailableException"/>
    /// while the breaker is open. A first connection is waited for with a deadline of its own, on this thread.
    /// </summary>
    public IDatabase EnterDatabase(out bool probe)
    {
        probe = EnterBreaker();
        return (_multiplexer ?? ConnectBlocking(probe)).GetDatabase(Database);
    }

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
            ConnectionMultiplexer multiplexer;
            try
            {
                multiplexer = await ConnectAsync(probe: false).WaitAsync(cancellationToken).ConfigureAwait(false);
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
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_multiplexer is { } multiplexer)
            {
                multiplexer.ConnectionRestored -= _onConnectionRestored;
                SharedMultiplexers.Release(_configuration);
            }
        }
    }

    private bool EnterBreaker()
    {
        if (!_breaker.TryEnter(out bool probe))
        {
            throw new RedisStoreUnavailableException($"Redis ({_endpoints}) is unavailable; the store will try again shortly.");
        }

        return probe;
    }

    private async ValueTask<(T, bool)> ConnectThenAsync<T>(bool probe, Func<ConnectionMultiplexer, int, T> select)
        => (select(await ConnectAsync(probe).ConfigureAwait(false), Database), probe);

    private ConnectionMultiplexer ConnectBlocking(bool probe)
    {
        // The connect itself runs on a thread of its own (see SharedMultiplexers), so this wait needs no pool thread.
        Task<ConnectionMultiplexer> connecting = ConnectAsync(probe);
        if (!((IAsyncResult)connecting).AsyncWaitHandle.WaitOne(_connectDeadline))
        {
            throw Failed(new TimeoutException($"Connecting to Redis ({_endpoints}) took longer than {_connectDeadline.TotalMilliseconds:F0} ms."), probe);
        }

        return connecting.GetAwaiter().GetResult();
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(bool probe)
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

                multiplexer.ConnectionRestored += _onConnectionRestored;
                _multiplexer = multiplexer;
            }

            return _multiplexer;
        }
    }

    private void OnReconnected()
    {
        // Pub/sub messages sent while disconnected are lost, so listeners hear about every reconnection, even one
        // no call noticed. The breaker is left to its probe: the client reports a restored connection before it
        // can serve commands on it, and closing early would start a second outage at once.
        Restored?.Invoke();
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
