using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests.Methods;

public class FlightTests
{
    [Fact]
    public async Task Waiters_that_arrive_before_or_after_the_leader_finishes_get_its_value()
    {
        var flight = new Flight<string>();
        Task<string> early = flight.Task;
        Assert.False(early.IsCompleted);

        flight.Complete("done");
        Task<string> late = flight.Task;

        Assert.Equal("done", await early);
        Assert.Equal("done", await late);
    }

    [Fact]
    public async Task Waiters_see_the_leaders_exception_or_cancellation()
    {
        var failed = new Flight<int>();
        Task<int> waiter = failed.Task;
        failed.Fail(new InvalidOperationException("boom"));
        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => waiter)).Message);

        var canceled = new Flight<int>();
        canceled.Fail(new OperationCanceledException(new CancellationToken(canceled: true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.Task);
        Assert.True(canceled.Task.IsCanceled);
    }

    [Fact]
    public async Task A_waiter_racing_the_leader_is_never_left_waiting()
    {
        for (int round = 0; round < 2000; round++)
        {
            var flight = new Flight<int>();
            var waiter = Task.Run(() => flight.Task);
            var leader = Task.Run(() => flight.Complete(round));

            await leader;
            Assert.Equal(round, await waiter.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }
}

public class RememberFlightsTests
{
    [Fact]
    public void A_key_finished_after_a_read_began_tells_the_next_leader_to_read_again()
    {
        var flights = new RememberFlights();
        FlightTicket beforeRead = flights.Observe("k".GetHashCode());

        Assert.True(flights.TryLead("k", out Flight<int>? first));
        flights.Complete(first!, 1);
        Assert.True(flights.TryLead("k", out Flight<int>? second));

        Assert.True(flights.CompletedSince(beforeRead));
        Assert.False(flights.CompletedSince(flights.Observe("k".GetHashCode())));
        flights.Fail(second!, new OperationCanceledException());
    }

    [Fact]
    public async Task Callers_of_a_running_key_wait_for_the_leader_and_a_caller_of_another_type_computes_alone()
    {
        var flights = new RememberFlights();
        Assert.True(flights.TryLead("k", out Flight<string>? leader));

        Assert.False(flights.TryLead("k", out Flight<string>? joined));
        Assert.False(flights.TryLead("k", out Flight<int>? otherType));
        Assert.Null(otherType);
        flights.Complete(leader!, "v");

        Assert.Equal("v", await joined!.Task);
    }
}
