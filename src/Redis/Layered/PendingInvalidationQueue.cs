using System.Collections.Generic;
using System.Threading;

namespace Memoize.Redis;

/// <summary>
/// The invalidations a layered store could not carry out or announce while Redis was unreachable, kept until Redis
/// is back: key removals, tag flushes and flushes. Every one of them only removes, so replaying them in any order
/// leaves the same state; they are replayed oldest first all the same.
/// </summary>
/// <remarks>
/// <para>
/// Coalescing: a key or tag is kept once (a later removal of a queued key upgrades it to a removal in Redis as well);
/// a queued flush covers everything it removes (a flush of memory only leaves removals in Redis to be queued beside it).
/// </para>
/// <para>
/// Bound: at most <c>capacity</c> keys and tags. One more does not fit: the queue is given up for one flush of the
/// whole namespace, in Redis and in every process's memory. That drops the oldest (and every other) queued
/// invalidation without losing any: the flush removes whatever they would have removed, at the price of a cold cache.
/// </para>
/// </remarks>
internal sealed class PendingInvalidationQueue
{
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly LinkedList<Pending> _order = new();
    private readonly Dictionary<string, LinkedListNode<Pending>> _keys = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<Pending>> _tags = new(System.StringComparer.Ordinal);
    private PendingFlush _flush;
    private long _flushVersion;
    private long _version;
    private long _dropped;
    private int _count;
    private bool _overflowedThisEpisode;

    public PendingInvalidationQueue(int capacity) => _capacity = capacity;

    /// <summary>How many invalidations wait (a flush counts as one).</summary>
    public int Count => Volatile.Read(ref _count);

    public bool IsEmpty => Count == 0;

    /// <summary>How many queued invalidations were given up for a flush because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the removal of one key from every process's memory, and from Redis when <paramref name="removeInRedis"/>.</summary>
    public Queued AddKey(string key, bool removeInRedis) => Add(_keys, PendingKind.Key, key, removeInRedis);

    /// <summary>Queues the flush of a tag: the entries the tag set lists are removed from Redis and every process's memory.</summary>
    public Queued AddTag(string tag) => Add(_tags, PendingKind.Tag, tag, removeInRedis: true);

    /// <summary>Queues a flush of every process's memory, and of the namespace in Redis when <paramref name="clearRedis"/>.</summary>
    public Queued AddFlush(bool clearRedis)
    {
        lock (_gate)
        {
            bool wasEmpty = _count == 0;
            ReplaceWithFlush(clearRedis ? PendingFlush.ClearRedis : PendingFlush.EvictLocal);
            return new Queued(wasEmpty, FirstOverflow: false);
        }
    }

    /// <summary>Where the queue stands now: <see cref="SupersedeUpTo"/> takes off what was queued until then.</summary>
    public long Mark()
    {
        lock (_gate)
        {
            return _version;
        }
    }

    /// <summary>
    /// A later change of <paramref name="key"/> reached Redis and was announced: it did all a queued invalidation of the
    /// key would do, and replaying that now would undo the change.
    /// </summary>
    public void Supersede(string key)
    {
        lock (_gate)
        {
            if (_keys.Remove(key, out LinkedListNode<Pending>? node))
            {
                _order.Remove(node);
                Updated();
            }
        }
    }

    /// <summary>A flush begun at <paramref name="mark"/> reached Redis: it removed all that was queued until then.</summary>
    public void SupersedeUpTo(long mark)
    {
        lock (_gate)
        {
            if (_flush != PendingFlush.None && _flushVersion <= mark)
            {
                _flush = PendingFlush.None;
            }

            LinkedListNode<Pending>? node = _order.First;
            while (node is not null)
            {
                LinkedListNode<Pending>? next = node.Next;
                if (node.Value.Version <= mark)
                {
                    (node.Value.Kind == PendingKind.Tag ? _tags : _keys).Remove(node.Value.Name);
                    _order.Remove(node);
                }

                node = next;
            }

            Updated();
        }
    }

    /// <summary>
    /// The oldest work, up to <paramref name="max"/> keys and tags (or the flush, which covers all), without taking it
    /// off the queue: <see cref="Complete"/> does that once it has been replayed.
    /// </summary>
    public bool TryPeek(int max, out PendingBatch batch)
    {
        lock (_gate)
        {
            if (_flush != PendingFlush.None)
            {
                batch = new PendingBatch(_flush, _flushVersion, []);
                return true;
            }

            if (_order.Count == 0)
            {
                batch = default;
                return false;
            }

            var entries = new List<Pending>(System.Math.Min(max, _order.Count));
            for (LinkedListNode<Pending>? node = _order.First; node is not null && entries.Count < max; node = node.Next)
            {
                entries.Add(node.Value);
            }

            batch = new PendingBatch(PendingFlush.None, 0, entries);
            return true;
        }
    }

    /// <summary>
    /// Takes what <paramref name="batch"/> replayed off the queue, except what was queued again meanwhile (it may have
    /// been missed by the replay). Returns <see langword="true"/> when the queue is now empty, which ends the episode.
    /// </summary>
    public bool Complete(PendingBatch batch)
    {
        lock (_gate)
        {
            if (batch.Flush != PendingFlush.None && _flushVersion == batch.FlushVersion)
            {
                _flush = PendingFlush.None;
            }

            foreach (Pending replayed in batch.Entries)
            {
                Dictionary<string, LinkedListNode<Pending>> index = replayed.Kind == PendingKind.Tag ? _tags : _keys;
                if (index.TryGetValue(replayed.Name, out LinkedListNode<Pending>? node) && node.Value.Version == replayed.Version)
                {
                    index.Remove(replayed.Name);
                    _order.Remove(node);
                }
            }

            return Updated();
        }
    }

    private Queued Add(Dictionary<string, LinkedListNode<Pending>> index, PendingKind kind, string name, bool removeInRedis)
    {
        lock (_gate)
        {
            bool wasEmpty = _count == 0;
            long version = ++_version;
            if (_flush == PendingFlush.ClearRedis || (_flush == PendingFlush.EvictLocal && !removeInRedis))
            {
                // Covered by the queued flush, which must now run again should a replay of it be under way.
                _flushVersion = version;
                return new Queued(wasEmpty, FirstOverflow: false);
            }

            if (index.TryGetValue(name, out LinkedListNode<Pending>? existing))
            {
                existing.Value = existing.Value with { RemoveInRedis = existing.Value.RemoveInRedis || removeInRedis, Version = version };
                return new Queued(wasEmpty, FirstOverflow: false);
            }

            if (_order.Count >= _capacity)
            {
                Interlocked.Add(ref _dropped, _order.Count + 1L);
                bool first = !_overflowedThisEpisode;
                _overflowedThisEpisode = true;
                ReplaceWithFlush(PendingFlush.ClearRedis);
                return new Queued(wasEmpty, first);
            }

            index.Add(name, _order.AddLast(new Pending(kind, name, removeInRedis, version)));
            UpdateCount();
            return new Queued(wasEmpty, FirstOverflow: false);
        }
    }

    private void ReplaceWithFlush(PendingFlush flush)
    {
        _order.Clear();
        _keys.Clear();
        _tags.Clear();
        if (flush > _flush)
        {
            _flush = flush;
        }

        _flushVersion = ++_version;
        UpdateCount();
    }

    private void UpdateCount() => Volatile.Write(ref _count, _order.Count + (_flush == PendingFlush.None ? 0 : 1));

    /// <summary>Recounts after taking work off; an empty queue ends the outage episode. Returns whether it is empty.</summary>
    private bool Updated()
    {
        UpdateCount();
        if (_count == 0)
        {
            _overflowedThisEpisode = false;
            return true;
        }

        return false;
    }
}

/// <summary>What kind of flush waits: none, of every process's memory, or of the namespace in Redis as well.</summary>
internal enum PendingFlush
{
    None,
    EvictLocal,
    ClearRedis,
}

internal enum PendingKind
{
    Key,
    Tag,
}

/// <summary>One queued key or tag; <see cref="Version"/> tells a replayed one from one queued again since.</summary>
internal readonly record struct Pending(PendingKind Kind, string Name, bool RemoveInRedis, long Version);

/// <summary>What one replay carries out: the flush, or the oldest keys and tags.</summary>
internal readonly record struct PendingBatch(PendingFlush Flush, long FlushVersion, List<Pending> Entries);

/// <summary>
/// The outcome of queueing: <see cref="StartedEpisode"/> when the queue was empty (an outage episode begins), and
/// <see cref="FirstOverflow"/> when this invalidation overflowed the queue for the first time in the episode.
/// </summary>
internal readonly record struct Queued(bool StartedEpisode, bool FirstOverflow);
