using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memoize.Redis;

// Invalidations made while Redis is unreachable: they are queued (PendingInvalidationQueue) and replayed when Redis
// answers again, first in Redis (the removal that failed), then announced to every process.
public sealed partial class LayeredCacheStore
{
    /// <summary>How many keys one replay step removes and announces (pipelined, as one command of the command path).</summary>
    private const int ReplayBatchSize = 500;

    private static readonly Action<ILogger, int, Exception?> s_queueFull = LoggerMessage.Define<int>(
        LogLevel.Warning,
        new EventId(4, "RedisInvalidationQueueFull"),
        "More than {MaxPendingInvalidations} cache invalidations were made while Redis was unreachable; the oldest were dropped and the whole namespace will be flushed (in Redis and in every process's memory) when Redis returns.");

    private static readonly Action<ILogger, int, Exception?> s_replayed = LoggerMessage.Define<int>(
        LogLevel.Information,
        new EventId(5, "RedisInvalidationsReplayed"),
        "Carried out {Count} cache invalidations made while Redis was unreachable.");

    private static readonly Action<ILogger, Exception?> s_replayFailed = LoggerMessage.Define(
        LogLevel.Warning,
        new EventId(6, "RedisInvalidationReplayFailed"),
        "Carrying out the cache invalidations made while Redis was unreachable failed; trying again shortly.");

    private readonly PendingInvalidationQueue _pending;
    private readonly ITimer _replayRetry;
    private readonly CancellationTokenSource _stopping = new();
    private int _replaying;
    private int _replayRequested;
    private int _replayedThisEpisode;

    /// <summary>
    /// How many invalidations made while Redis was unreachable wait to be carried out and announced to other processes
    /// (a queued flush counts as one). Zero while Redis is reachable.
    /// </summary>
    public long PendingInvalidations => _pending.Count;

    /// <summary>
    /// How many invalidations did not fit in <see cref="LayeredCacheStoreOptions.MaxPendingInvalidations"/> while Redis
    /// was unreachable. None is lost: the queue was replaced by a flush of the whole namespace when Redis returns.
    /// </summary>
    public long PendingInvalidationsDropped => _pending.Dropped;

    /// <summary>A removal of <paramref name="key"/> failed or was not announced: queue it.</summary>
    private void DeferKey(string key, bool removeInRedis) => Deferred(_pending.AddKey(key, removeInRedis));

    private void DeferTag(string tag)
    {
        // Which entries carry the tag is known only to Redis: this process stops serving any of its copies.
        Interlocked.Increment(ref _invalidations);
        _local.Clear();
        Deferred(_pending.AddTag(tag));
    }

    private void DeferFlush(bool clearRedis) => Deferred(_pending.AddFlush(clearRedis));

    /// <summary>The change reached Redis but its announcement did not: queue the announcement.</summary>
    private void DeferAnnouncement(InvalidationMessage message)
    {
        if (message.All)
        {
            DeferFlush(clearRedis: false);
        }
        else
        {
            DeferKey(message.Key, removeInRedis: false);
        }
    }

    private void Deferred(Queued queued)
    {
        if (queued.FirstOverflow && _logger is not null)
        {
            s_queueFull(_logger, _options.MaxPendingInvalidations, null);
        }

        if (queued.StartedEpisode)
        {
            // Nothing else may tell an idle store that Redis is back (a stall ends without a reconnection): try again
            // when the breaker lets one call probe.
            ScheduleReplayRetry();
        }
    }

    /// <summary>Replays the queue unless it is empty; a replay under way goes on with what was queued since.</summary>
    private void RequestReplay()
    {
        if (_disposed || _pending.IsEmpty)
        {
            return;
        }

        Volatile.Write(ref _replayRequested, 1);
        if (Interlocked.Exchange(ref _replaying, 1) == 0)
        {
            _ = ReplayPendingAsync();
        }
    }

    private async Task ReplayPendingAsync()
    {
        // Requests come from the client's restore event and from resumed reads: leave their thread at once.
        await Task.Yield();
        while (true)
        {
            Volatile.Write(ref _replayRequested, 0);
            bool failed = false;
            try
            {
                while (!_disposed && _pending.TryPeek(ReplayBatchSize, out PendingBatch batch))
                {
                    int count = await ReplayAsync(batch, _stopping.Token).ConfigureAwait(false);
                    int replayed = Interlocked.Add(ref _replayedThisEpisode, count);
                    if (_pending.Complete(batch))
                    {
                        Interlocked.Exchange(ref _replayedThisEpisode, 0);
                        if (_logger is not null)
                        {
                            s_replayed(_logger, replayed, null);
                        }
                    }
                }
            }
            catch (Exception exception)
            {
                // An outage is logged once by the connection; anything else is said here, and tried again as well.
                failed = true;
                if (!RedisConnection.IsConnectionFailure(exception) && !_disposed && _logger is not null)
                {
                    s_replayFailed(_logger, exception);
                }
            }

            Volatile.Write(ref _replaying, 0);
            if (failed)
            {
                ScheduleReplayRetry();
                return;
            }

            // A request that came while the last batch was replayed may have found the loop still running.
            if (Volatile.Read(ref _replayRequested) == 0 || _pending.IsEmpty || Interlocked.Exchange(ref _replaying, 1) == 1)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Carries out one batch: removes in Redis what could not be removed there, evicts this process's copies (it
    /// ignores its own announcements), then announces the removals. Returns how many invalidations it carried out.
    /// </summary>
    private async Task<int> ReplayAsync(PendingBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Flush != PendingFlush.None)
        {
            if (batch.Flush == PendingFlush.ClearRedis)
            {
                await _remote.ClearAsync(cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _invalidations);
            _local.Clear();
            await AnnounceAsync([InvalidationMessage.ForAll(_sender).Encode()], cancellationToken).ConfigureAwait(false);
            return 1;
        }

        var removeInRedis = new List<string>();
        var announce = new List<RedisValue>(batch.Entries.Count);
        foreach (Pending pending in batch.Entries)
        {
            if (pending.Kind == PendingKind.Tag)
            {
                // The tag set forgets the keys it flushed, so they are queued for their announcement before anything
                // else can fail; the tag itself leaves the queue with this batch.
                foreach (string key in await _remote.FlushTagKeysAsync(pending.Name, cancellationToken).ConfigureAwait(false))
                {
                    Deferred(_pending.AddKey(key, removeInRedis: false));
                }

                continue;
            }

            if (pending.RemoveInRedis)
            {
                removeInRedis.Add(pending.Name);
            }

            announce.Add(InvalidationMessage.ForKey(_sender, pending.Name).Encode());
        }

        if (removeInRedis.Count > 0)
        {
            await _remote.RemoveEachAsync(removeInRedis, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _invalidations);
        foreach (Pending pending in batch.Entries)
        {
            if (pending.Kind == PendingKind.Key)
            {
                ForgetLocally(pending.Name);
            }
        }

        if (announce.Count > 0)
        {
            await AnnounceAsync(announce.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        return batch.Entries.Count;
    }

    /// <summary>Publishes the messages, pipelined, through the store's command path, so a failure is noticed (and counted).</summary>
    private async Task AnnounceAsync(RedisValue[] messages, CancellationToken cancellationToken)
        => await _remote.Connection.RunAsync(
            (Channel: _channel, Messages: messages),
            static (database, a) => PublishEachAsync(database, a.Channel, a.Messages),
            cancellationToken).ConfigureAwait(false);

    private static async Task<bool> PublishEachAsync(IDatabase database, RedisChannel channel, RedisValue[] messages)
    {
        var published = new Task<long>[messages.Length];
        for (int i = 0; i < messages.Length; i++)
        {
            published[i] = database.PublishAsync(channel, messages[i]);
        }

        await Task.WhenAll(published).ConfigureAwait(false);
        return true;
    }

    private void ScheduleReplayRetry()
    {
        if (!_disposed)
        {
            try
            {
                _replayRetry.Change(_remote.BreakDuration, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: nothing left to replay to.
            }
        }
    }

    private void StopReplaying()
    {
        // The token source is not disposed: a replay under way may still read its token.
        _replayRetry.Dispose();
        _stopping.Cancel();
    }
}
