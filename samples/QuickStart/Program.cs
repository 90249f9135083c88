using System;
using System.Diagnostics;
using System.Threading.Tasks;
using QuickStart;

var prices = new PriceService();

Console.WriteLine("Memoize quick start: every call prints whether it was computed or served from the cache.");
Console.WriteLine();

await Call("GetPrice(\"ABC-1\", 3)", () => Task.FromResult(prices.GetPrice("ABC-1", 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
await Call("GetPrice(\"ABC-1\", 3)", () => Task.FromResult(prices.GetPrice("ABC-1", 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
await Call("GetPrice(\"ABC-1\", 3)", () => Task.FromResult(prices.GetPrice("ABC-1", 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
await Call("GetPrice(\"XYZ-9\", 1)", () => Task.FromResult(prices.GetPrice("XYZ-9", 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
await Call("GetStockAsync(\"ABC-1\")", async () => (await prices.GetStockAsync("ABC-1")).ToString(System.Globalization.CultureInfo.InvariantCulture));
await Call("GetStockAsync(\"ABC-1\")", async () => (await prices.GetStockAsync("ABC-1")).ToString(System.Globalization.CultureInfo.InvariantCulture));

Console.WriteLine();
Console.WriteLine($"The expensive code ran {prices.Computations} times for 6 calls.");

async Task Call(string call, Func<Task<string>> run)
{
    int before = prices.Computations;
    var watch = Stopwatch.StartNew();
    string result = await run();
    watch.Stop();
    string how = prices.Computations > before ? "computed " : "cache hit";
    Console.WriteLine($"{call,-26} = {result,-8} {how}  {watch.Elapsed.TotalMilliseconds,8:0.000} ms");
}
