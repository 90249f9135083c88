using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// The one path of every Redis command of a store, in a blocking and an asynchronous form: enter the circuit breaker
/// (connecting on first use), send, wait at most the operation timeout, and record the outcome, so that every command
/// has the same timeout, breaker and failure accounting.
/// </summary>
internal sealed partial class RedisConnection
{
    /// <summary>
    /// Runs <paramref name="send"/> (one round trip, or one pipelined batch) and maps its reply with
    /// <paramref name="read"/>. The reply is awaited for at most the operation timeout, by a timer of the store's: the
    /// client notices an overdue asynchronous command only on its heartbeat (a 500 ms timeout fired after 730-860 ms
    /// with the default heartbeat of one second), and an application's multiplexer has timeouts of its own.
    /// </summary>
    /// <exception cref="RedisStoreUnavailableException">Redis could not be reached in time, or the breaker is open.</exception>
    /// <remarks>Every cache hit passes here, so its state machine is pooled rather than allocated per call.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> RunAsync<TState, TReply, TResult>(TState state, Func<IDatabase, TState, Task<TReply>> send, Func<TReply, TState, TResult> read, CancellationToken cancellationToken)
    {
        bool probe = EnterBreaker();

        // A failed first connect is recorded where it fails.
        IDatabase database = (_multiplexer ?? await ConnectAsync(probe).ConfigureAwait(false)).GetDatabase(Database);
        try
        {
            TReply reply = await send(database, state).WaitAsync(_operationTimeout, cancellationToken).ConfigureAwait(false);
            Succeeded(probe);
            return read(reply, state);
        }
        catch (Exception exception)
        {
            throw Failed(exception, probe);
        }
    }

    /// <summary>Runs <paramref name="send"/> and returns its reply; see <see cref="RunAsync{TState, TReply, TResult}"/>.</summary>
    public ValueTask<TReply> RunAsync<TState, TReply>(TState state, Func<IDatabase, TState, Task<TReply>> send, CancellationToken cancellationToken)
        => RunAsync(state, send, static (reply, _) => reply, cancellationToken);

    /// <summary>
    /// Runs a command on the calling thread. With a multiplexer whose sync timeout is within the operation timeout (the
    /// store's own always is) that is the client's blocking command, <paramref name="send"/>; with a longer one the
    /// command is sent with <paramref name="sendAsync"/> and waited for at most the operation timeout. Neither needs a
    /// pool thread to finish, so blocked callers cannot starve the pool of the threads that would release them.
    /// </summary>
    /// <exception cref="RedisStoreUnavailableException">Redis could not be reached in time, or the breaker is open.</exception>
    public TReply Run<TState, TReply>(TState state, Func<IDatabase, TState, TReply> send, Func<IDatabase, TState, Task<TReply>> sendAsync)
    {
        bool probe = EnterBreaker();
        IDatabase database = (_multiplexer ?? ConnectBlocking(probe)).GetDatabase(Database);
        try
        {
            TReply reply = _blockingIsBounded ? send(database, state) : WaitBounded(sendAsync(database, state));
            Succeeded(probe);
            return reply;
        }
        catch (Exception exception)
        {
            throw Failed(exception, probe);
        }
    }

    /// <summary>The database on the connected multiplexer, past the breaker, for code that measures the store against the client itself.</summary>
    public IDatabase ConnectedDatabase()
        => Run(this, static (database, _) => database, static (database, _) => Task.FromResult(database));

    private TReply WaitBounded<TReply>(Task<TReply> reply)
    {
        bool completed;
        try
        {
            completed = reply.Wait(_operationTimeout);
        }
        catch (AggregateException)
        {
            completed = true; // GetResult throws the failure itself rather than its wrapper.
        }

        return completed ? reply.GetAwaiter().GetResult() : throw new TimeoutException($"Redis ({_endpoints}) did not answer within the operation timeout of {_operationTimeout.TotalMilliseconds:F0} ms.");
    }

    private bool EnterBreaker()
    {
        if (!_breaker.TryEnter(out bool probe))
        {
            throw new RedisStoreUnavailableException($"Redis ({_endpoints}) is unavailable; the store will try again shortly.");
        }

        return probe;
    }

    private IConnectionMultiplexer ConnectBlocking(bool probe)
    {
        // A first blocking call waits for the connect, with a deadline of its own.
        Task<IConnectionMultiplexer> connecting = ConnectAsync(probe);
        if (!((IAsyncResult)connecting).AsyncWaitHandle.WaitOne(_connectDeadline))
        {
            throw Failed(new TimeoutException($"Connecting to Redis ({_endpoints}) took longer than {_connectDeadline.TotalMilliseconds:F0} ms."), probe);
        }

        return connecting.GetAwaiter().GetResult();
    }

    private void Succeeded(bool probe)
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
    private Exception Failed(Exception exception, bool probe)
    {
        if (exception is OperationCanceledException)
        {
            // The caller gave up: that says nothing about Redis. A probe that ends so expires with the break.
            return exception;
        }

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
}
