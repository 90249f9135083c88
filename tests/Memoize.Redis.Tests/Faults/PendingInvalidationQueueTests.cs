using System.Linq;

namespace Memoize.Redis.Tests.Faults;

/// <summary>
/// The rules of the outage queue that decide what a replay does, where racing a real reconnection could not pin them
/// down: what a replay carries out, what survives it, and what a later change of a key makes unnecessary.
/// </summary>
public sealed class PendingInvalidationQueueTests
{
    [Fact]
    public void A_key_queued_again_while_its_replay_runs_stays_queued_for_the_next_replay()
    {
        var queue = new PendingInvalidationQueue(10);
        queue.AddKey("k", removeInRedis: true);
        Assert.True(queue.TryPeek(100, out PendingBatch replaying));

        queue.AddKey("k", removeInRedis: true);

        Assert.False(queue.Complete(replaying));
        Assert.True(queue.TryPeek(100, out PendingBatch next));
        Assert.Equal("k", Assert.Single(next.Entries).Name);
        Assert.True(queue.Complete(next));
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void A_removal_in_redis_is_kept_when_the_same_key_is_queued_again_for_an_announcement_only()
    {
        var queue = new PendingInvalidationQueue(10);
        queue.AddKey("k", removeInRedis: true);
        queue.AddKey("k", removeInRedis: false);

        Assert.True(queue.TryPeek(100, out PendingBatch batch));
        Pending pending = Assert.Single(batch.Entries);
        Assert.True(pending.RemoveInRedis);
    }

    [Fact]
    public void A_later_change_of_a_key_that_reached_redis_takes_it_off_the_queue_so_the_replay_cannot_undo_it()
    {
        var queue = new PendingInvalidationQueue(10);
        queue.AddKey("changed-since", removeInRedis: true);
        queue.AddKey("other", removeInRedis: true);

        queue.Supersede("changed-since");

        Assert.True(queue.TryPeek(100, out PendingBatch batch));
        Assert.Equal(["other"], batch.Entries.Select(static e => e.Name));
    }

    [Fact]
    public void A_flush_that_reached_redis_takes_off_what_was_queued_before_it_began_and_nothing_after()
    {
        var queue = new PendingInvalidationQueue(10);
        queue.AddKey("before", removeInRedis: true);
        queue.AddTag("tag-before");
        long mark = queue.Mark();
        queue.AddKey("during", removeInRedis: true);

        queue.SupersedeUpTo(mark);

        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryPeek(100, out PendingBatch batch));
        Assert.Equal(["during"], batch.Entries.Select(static e => e.Name));
    }

    [Fact]
    public void A_memory_only_flush_does_not_cover_a_later_removal_in_redis()
    {
        var queue = new PendingInvalidationQueue(10);
        queue.AddFlush(clearRedis: false);
        queue.AddKey("announced", removeInRedis: false);
        queue.AddKey("removed", removeInRedis: true);

        Assert.Equal(2, queue.Count);
        Assert.True(queue.TryPeek(100, out PendingBatch flush));
        Assert.Equal(PendingFlush.EvictLocal, flush.Flush);
        queue.Complete(flush);
        Assert.True(queue.TryPeek(100, out PendingBatch keys));
        Assert.Equal(["removed"], keys.Entries.Select(static e => e.Name));
    }

    [Fact]
    public void An_overflow_warns_once_per_episode_and_again_after_the_queue_was_emptied()
    {
        var queue = new PendingInvalidationQueue(1);
        Assert.True(queue.AddKey("a", removeInRedis: true).StartedEpisode);
        Assert.True(queue.AddKey("b", removeInRedis: true).FirstOverflow);
        Assert.False(queue.AddKey("c", removeInRedis: true).FirstOverflow);
        Assert.Equal(2, queue.Dropped);
        Assert.True(queue.TryPeek(100, out PendingBatch flush));
        Assert.Equal(PendingFlush.ClearRedis, flush.Flush);
        Assert.True(queue.Complete(flush));

        Assert.True(queue.AddKey("d", removeInRedis: true).StartedEpisode);
        Assert.True(queue.AddKey("e", removeInRedis: true).FirstOverflow);
        Assert.Equal(4, queue.Dropped);
    }
}
