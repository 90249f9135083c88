using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests.Subjects;

/// <summary>Instance methods of every return kind, on a manager field of the type.</summary>
public partial class PriceService
{
    private readonly ICacheManager _cache;

    public PriceService(ICacheManager cache) => _cache = cache;

    public CallCounter Calls { get; } = new();

    [Cached(KeyPrefix = "price", Minutes = 30)]
    public partial decimal GetPrice(string sku, int quantity);

    [Cached]
    public partial Task<string> DescribeAsync(string? sku, CancellationToken cancellationToken = default);

    [Cached]
    public partial ValueTask<int> StockAsync(string sku, CancellationToken cancellationToken = default);

    [Cached]
    public partial string Join(string? first, string? second);

    [Cached]
    public partial string Fails(int attempt);

    public Func<int, string> FailsImplementation { get; set; } = static _ => throw new InvalidOperationException("boom");

    private decimal GetPriceCore(string sku, int quantity)
    {
        Calls.Hit();
        return sku.Length + quantity;
    }

    private async Task<string> DescribeAsyncCore(string? sku, CancellationToken cancellationToken)
    {
        Calls.Hit();
        await Task.Yield();
        return "item " + (sku ?? "<none>");
    }

    private ValueTask<int> StockAsyncCore(string sku, CancellationToken cancellationToken)
    {
        Calls.Hit();
        return new ValueTask<int>(sku.Length);
    }

    private string JoinCore(string? first, string? second)
    {
        Calls.Hit();
        return (first ?? "null") + "+" + (second ?? "null");
    }

    private string FailsCore(int attempt)
    {
        Calls.Hit();
        return FailsImplementation(attempt);
    }
}
