using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize;

namespace QuickStart;

/// <summary>A service whose prices are slow to compute, memoized with [Cached].</summary>
public partial class PriceService
{
    /// <summary>How many times the expensive computation really ran.</summary>
    public int Computations;

    [Cached(KeyPrefix = "price", Minutes = 30)]
    public partial decimal GetPrice(string sku, int quantity);

    [Cached(KeyPrefix = "stock", Seconds = 10)]
    public partial Task<int> GetStockAsync(string sku, CancellationToken cancellationToken = default);

    private decimal GetPriceCore(string sku, int quantity)
    {
        Interlocked.Increment(ref Computations);
        Thread.Sleep(300); // stands in for a database or a remote pricing service
        return Math.Round((sku.Length * 3.5m) + (quantity * 0.99m), 2);
    }

    private async Task<int> GetStockAsyncCore(string sku, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Computations);
        await Task.Delay(200, cancellationToken);
        return sku.Length * 7;
    }
}
