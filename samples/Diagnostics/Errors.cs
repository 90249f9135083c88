using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Memoize;

namespace Diagnostics;

/// <summary>One method per Memoize error. Each comment names the diagnostic the build reports there.</summary>
public partial class Errors
{
    // MEMO001: has a body; Memoize writes the body of a [Cached] method.
    [Cached]
    public int WithBody(int id) => id;
    private int WithBodyCore(int id) => id;

    // MEMO003: no GetNameCore.
    [Cached]
    public partial string GetName(int id);

    // MEMO004: GetTotalCore has different parameters.
    [Cached]
    public partial decimal GetTotal(int id, string currency);
    private decimal GetTotalCore(int id) => 0m;

    // MEMO005: a Task has no result to remember.
    [Cached]
    public partial Task Refresh(int id);
    private Task RefreshCore(int id) => Task.CompletedTask;

    // MEMO006: an IEnumerable is a query, not its results.
    [Cached]
    public partial IEnumerable<int> Ids(int page);
    private IEnumerable<int> IdsCore(int page) { yield return page; }

    // MEMO007: a span cannot be kept in a key.
    [Cached]
    public partial int Sum(ReadOnlySpan<int> values);
    private int SumCore(ReadOnlySpan<int> values) => values.Length;

    // MEMO008: a negative duration.
    [Cached(Minutes = -5)]
    public partial int Expired(int id);
    private int ExpiredCore(int id) => id;

    // MEMO009: ':' is the key separator.
    [Cached(KeyPrefix = "users:by-id")]
    public partial int Prefixed(int id);
    private int PrefixedCore(int id) => id;

    // MEMO010: a class with reference identity has no stable key.
    [Cached]
    public partial decimal Discount(Customer customer);
    private decimal DiscountCore(Customer customer) => 0m;
}

/// <summary>
/// MEMO002 (and MEMO001): not partial, so Memoize cannot add the body of Lookup. Were Lookup declared partial here, the
/// compiler's own CS0751 would be reported instead, and a command-line build stops before analyzers run.
/// </summary>
public class NotPartial
{
    [Cached]
    public int Lookup(int id) => id;
    private int LookupCore(int id) => id;
}

/// <summary>Errors of Unless and [InvalidatesCache].</summary>
public partial class Invalidations
{
    [Cached]
    public partial string Name(int id);
    private string NameCore(int id) => "";

    // MEMO011: IsEmpty takes an int, not the string result.
    [Cached(Unless = nameof(IsEmpty))]
    public partial string Title(int id);
    private string TitleCore(int id) => "";
    private static bool IsEmpty(int value) => value == 0;

    // MEMO012: no method is called "Nmae".
    [InvalidatesCache("Nmae")]
    public partial void ForgetTypo(int id);

    // MEMO013: both cached overloads of Find are keyed by "int id".
    [Cached]
    public partial string Find(int id);
    [Cached(KeyPrefix = "find-logged")]
    public partial string Find(int id, [NotCacheKey] bool log);
    private string FindCore(int id) => "";
    private string FindCore(int id, bool log) => "";
    [InvalidatesCache(nameof(Find))]
    public partial void ForgetFind(int id);

    // MEMO014: Describe is not a cached method.
    [InvalidatesCache(nameof(Describe))]
    public partial void ForgetDescribe(int id);
    public string Describe(int id) => "";

    // MEMO015: Name is keyed by "int id", not "long userId".
    [InvalidatesCache(nameof(Name))]
    public partial void ForgetByLong(long userId);

    // MEMO016: an invalidating method returns void, bool, Task or ValueTask (of bool).
    [InvalidatesCache(nameof(Name))]
    public partial int ForgetCount(int id);

    // MEMO017: EagerRefresh is a fraction of the time to live, between 0 and 1.
    [Cached(Minutes = 10, EagerRefresh = 80)]
    public partial Task<int> Rates(string currency);
    private Task<int> RatesCore(string currency) => Task.FromResult(1);

    // MEMO018: a soft timeout longer than the hard one never fires.
    [Cached(FailSafeMinutes = 60, SoftTimeoutMilliseconds = 2000, HardTimeoutMilliseconds = 500)]
    public partial Task<int> Forecast(string city);
    private Task<int> ForecastCore(string city) => Task.FromResult(1);

    // MEMO019: a synchronous method cannot stop waiting for Core without blocking.
    [Cached(FailSafeMinutes = 30, HardTimeoutMilliseconds = 500)]
    public partial int Quote(string symbol);
    private int QuoteCore(string symbol) => 1;
}

/// <summary>A class compared by reference: no public data to key it by.</summary>
public sealed class Customer
{
    /// <summary>Does something; holds nothing a key could be made of.</summary>
    public void Touch()
    {
    }
}
