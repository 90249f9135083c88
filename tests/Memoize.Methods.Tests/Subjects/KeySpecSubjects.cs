using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests.Subjects;

public sealed record Address(string City, int Zip, string[]? Lines = null);

/// <summary>A class with only public members: keyed member by member.</summary>
public sealed class Filter
{
    public string? Text { get; init; }

    public int[] Pages { get; init; } = [];
}

/// <summary>A type that decides its own key text.</summary>
public sealed class Coordinates(double latitude, double longitude) : ICacheKey
{
    public double Latitude { get; } = latitude;

    public double Longitude { get; } = longitude;

    public string ToCacheKey() => FormattableString.Invariant($"{Latitude:F3},{Longitude:F3}");
}

public sealed class Widget
{
    public int Id { get; set; }
}

public sealed record User(int Id, string Name);

/// <summary>Every key kind and attribute option of the full key spec.</summary>
public partial class CatalogService
{
    private readonly ICacheManager _cache;

    public CatalogService(ICacheManager cache) => _cache = cache;

    public CallCounter Calls { get; } = new();

    [Cached]
    public partial int Sum(int[] values);

    [Cached]
    public partial int Weigh(List<string> names, Dictionary<string, int> weights);

    [Cached]
    public partial string Locate(Address address);

    [Cached]
    public partial string Search(Filter? filter);

    [Cached]
    public partial string Near(Coordinates at);

    [Cached]
    public partial int Total(params int[] values);

    [Cached]
    public partial T Create<T>(int id) where T : new();

    [Cached]
    public partial string Mask([Sensitive] string ssn, int year);

    [Cached(Minutes = 10, Sliding = true)]
    public partial int Slide(int id);

    [Cached(Unless = nameof(IsMissing))]
    public partial string? FindName(string email);

    [Cached]
    public partial string Pick(int value);

    [Cached]
    public partial string Pick(long value);

    [Cached]
    public partial string Optional(int a, string b = "x");

    [Cached]
    public partial string Keyword(int @class, string @event);

    [Cached]
    public partial Task<User?> GetUserAsync(int id, CancellationToken cancellationToken = default);

    [Cached]
    public partial string Profile(int id);

    [InvalidatesCache(nameof(GetUserAsync))]
    public partial Task ForgetUserAsync(int id, CancellationToken cancellationToken = default);

    [InvalidatesCache(nameof(GetUserAsync), nameof(Profile))]
    public partial bool ForgetEverything(int id);

    private bool IsMissing(string? name) => name is null;

    private int SumCore(int[] values)
    {
        Calls.Hit();
        int sum = 0;
        foreach (int v in values)
        {
            sum += v;
        }

        return sum;
    }

    private int WeighCore(List<string> names, Dictionary<string, int> weights)
    {
        Calls.Hit();
        int total = 0;
        foreach (string name in names)
        {
            total += weights.TryGetValue(name, out int w) ? w : 0;
        }

        return total;
    }

    private string LocateCore(Address address)
    {
        Calls.Hit();
        return address.City + " " + address.Zip;
    }

    private string SearchCore(Filter? filter)
    {
        Calls.Hit();
        return filter?.Text ?? "all";
    }

    private string NearCore(Coordinates at)
    {
        Calls.Hit();
        return at.ToCacheKey();
    }

    private int TotalCore(int[] values) => SumCore(values);

    private T CreateCore<T>(int id) where T : new()
    {
        Calls.Hit();
        _ = id;
        return new T();
    }

    private string MaskCore(string ssn, int year)
    {
        Calls.Hit();
        return "***-**-" + ssn[^4..] + "/" + year;
    }

    private int SlideCore(int id)
    {
        Calls.Hit();
        return id;
    }

    private string? FindNameCore(string email)
    {
        Calls.Hit();
        return email.Contains('@', StringComparison.Ordinal) ? email.Split('@')[0] : null;
    }

    private string PickCore(int value)
    {
        Calls.Hit();
        return "int " + value;
    }

    private string PickCore(long value)
    {
        Calls.Hit();
        return "long " + value;
    }

    private string OptionalCore(int a, string b)
    {
        Calls.Hit();
        return a + b;
    }

    private string KeywordCore(int @class, string @event)
    {
        Calls.Hit();
        return @event + @class;
    }

    private Task<User?> GetUserAsyncCore(int id, CancellationToken cancellationToken)
    {
        Calls.Hit();
        return Task.FromResult<User?>(new User(id, "user" + id + "#" + Calls.Count));
    }

    private string ProfileCore(int id)
    {
        Calls.Hit();
        return "profile " + id + "#" + Calls.Count;
    }
}

/// <summary>A generic containing type: each closed type has its own keys.</summary>
public partial class Box<T>
    where T : notnull
{
    public static readonly CacheManager Cache = new();

    public static readonly CallCounter Calls = new();

    [Cached]
    public static partial string Describe(int id);

    private static string DescribeCore(int id)
    {
        Calls.Hit();
        return typeof(T).Name + id;
    }
}
