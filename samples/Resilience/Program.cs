using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Resilience;

// The same flaky, slow weather API behind two memoized services: one plain, one with fail-safe and timeouts.
var plainSource = new WeatherSource();
var shieldedSource = new WeatherSource();
var plain = new PlainForecasts(plainSource);
var shielded = new ShieldedForecasts(shieldedSource);

Console.WriteLine("Memoize resilience: a two-second cache in front of a weather API that fails, then slows down.");
Console.WriteLine();

await Step("1. source healthy", SourceState.Healthy);

await Task.Delay(TimeSpan.FromMilliseconds(2200));
await Step("2. entry expired, source down", SourceState.Down);
await Step("3. again at once, source down", SourceState.Down);

await Task.Delay(TimeSpan.FromMilliseconds(1200));
await Step("4. source slow (800 ms)", SourceState.Slow);

await Task.Delay(TimeSpan.FromMilliseconds(1000));
await Step("5. a moment later", SourceState.Healthy);

Console.WriteLine();
Console.WriteLine($"source calls: plain {plainSource.Calls}, shielded {shieldedSource.Calls}");

async Task Step(string title, SourceState state)
{
    plainSource.State = state;
    shieldedSource.State = state;
    Console.WriteLine(title);
    Console.WriteLine($"   plain    {await Describe(plainSource, () => plain.GetAsync("Oslo"))}");
    Console.WriteLine($"   shielded {await Describe(shieldedSource, () => shielded.GetAsync("Oslo"))}");
}

static async Task<string> Describe(WeatherSource source, Func<Task<string>> call)
{
    int callsBefore = source.Calls;
    var watch = Stopwatch.StartNew();
    string outcome;
    try
    {
        outcome = await call();
    }
    catch (Exception exception)
    {
        outcome = $"failed: {exception.Message}";
    }

    // Tenths of a second: enough to show who waited for the slow source, steady from run to run.
    string waited = watch.Elapsed.TotalMilliseconds < 300 ? "at once" : $"after {Math.Round(watch.Elapsed.TotalSeconds, 1):0.0} s";
    string called = source.Calls > callsBefore ? "source called" : "source not called";
    return $"{outcome,-42} {waited,-12} {called}";
}
