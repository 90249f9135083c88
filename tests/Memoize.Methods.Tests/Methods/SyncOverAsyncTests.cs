using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Methods.Tests.Support;

namespace Memoize.Methods.Tests.Methods;

/// <summary>The synchronous API over a store that completes asynchronously, on a thread whose context never runs posted work (a busy UI thread).</summary>
public sealed class SyncOverAsyncTests
{
    [Fact]
    public void Synchronous_calls_complete_on_a_thread_with_a_blocked_synchronization_context()
    {
        var cache = new CacheManager().AddStore("slow", new SlowStore()).Cache("slow");
        Exception? failure = null;
        string? read = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new NeverRunsPostedWork());
            try
            {
                cache.Put("k", "v");
                Assert.True(cache.Add("added", 1));
                Assert.Equal(3, cache.Increment("n", 3));
                Assert.Equal(5, cache.Remember("r", null, () => 5));
                cache.Tags("t").Put("tagged", "x");
                Assert.Equal(1, cache.Tags("t").Flush());
                Assert.Equal(1, cache.Pull<int>("added"));
                read = cache.Get<string>("k");
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });

        thread.Start();

        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "The synchronous API deadlocked on the synchronization context.");
        Assert.Null(failure);
        Assert.Equal("v", read);
    }

    private sealed class NeverRunsPostedWork : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new InvalidOperationException("Send is not expected.");
    }
}
