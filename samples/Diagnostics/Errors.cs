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

    // MEMO012: Unless must name a bool method that takes the result.
    [Cached(Unless = "IsEmpty")]
    public partial List<int> Page(int page);
    private List<int> PageCore(int page) => new();

    // MEMO013: no method named "Profil".
    [InvalidatesCache("Profil")]
    public partial void ForgetProfile(int id);

    // MEMO015: Plain is not cached.
    [InvalidatesCache(nameof(Plain))]
    public partial void ForgetPlain(int id);

    // MEMO016: the key of Name is (int id), not (long userId).
    [InvalidatesCache(nameof(Name))]
    public partial void ForgetName(long userId);

    // MEMO017: an invalidating method returns void, bool or a task of them.
    [InvalidatesCache(nameof(Name))]
    public partial int ForgetNameCount(int id);

    [Cached]
    public partial string Profile(int id);
    private string ProfileCore(int id) => "";

    [Cached]
    public partial string Name(int id);
    private string NameCore(int id) => "";

    /// <summary>Not cached.</summary>
    public string Plain(int id) => "";
}

/// <summary>A class with no public members: only its reference identifies it.</summary>
public sealed class Customer
{
    private readonly int _id;

    /// <summary>Creates a customer.</summary>
    public Customer(int id) => _id = id;
}
