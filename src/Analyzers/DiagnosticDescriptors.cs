using System.Linq;
using Memoize.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Memoize.Analyzers;

/// <summary>Every diagnostic Memoize reports. Ids are stable: a retired id is never reused.</summary>
public static class DiagnosticDescriptors
{
    private const string Category = "Memoize";
    private const string HelpRoot = "https://github.com/memoize/memoize/blob/main/docs/diagnostics/";

    /// <summary>MEMO001: the <c>[Cached]</c> method is not a partial declaration without a body.</summary>
    public static readonly DiagnosticDescriptor MethodNotPartial = Error(
        "MEMO001",
        "Cached method must be a partial declaration without a body",
        "'{0}' must be declared 'partial' with no body: Memoize writes its body; put the computation in '{0}Core'");

    /// <summary>MEMO002: a type containing the <c>[Cached]</c> method is not partial.</summary>
    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "MEMO002",
        "Type containing a cached method must be partial",
        "Type '{0}' must be declared 'partial' so Memoize can write the body of '{1}'");

    /// <summary>MEMO003: there is no <c>{Name}Core</c> method.</summary>
    public static readonly DiagnosticDescriptor CoreMethodMissing = Error(
        "MEMO003",
        "Cached method has no Core method",
        "'{0}' needs a method '{1}' that computes the value: '{2}'");

    /// <summary>MEMO004: <c>{Name}Core</c> exists but its signature differs.</summary>
    public static readonly DiagnosticDescriptor CoreMethodMismatch = Error(
        "MEMO004",
        "Core method does not match the cached method",
        "'{1}' must have the same parameters and return type as '{0}': '{2}'");

    /// <summary>MEMO005: the method returns nothing, by reference, or a ref struct.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturn = Error(
        "MEMO005",
        "Cached method must return a value",
        "'{0}' returns '{1}', which cannot be cached: return a value, Task<T> or ValueTask<T>");

    /// <summary>MEMO006: the method returns a lazy sequence or query.</summary>
    public static readonly DiagnosticDescriptor LazySequenceReturn = Error(
        "MEMO006",
        "Cached method returns a lazy sequence",
        "'{0}' returns '{1}', a query that would be cached instead of its results: return a materialized collection such as List<T> or an array");

    /// <summary>MEMO007: a parameter is ref/out/in, a pointer or a ref struct.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterKind = Error(
        "MEMO007",
        "Cached method parameter cannot be passed through a cache",
        "Parameter '{0}' of type '{1}' is passed by reference, is a pointer or is a ref struct: pass it by value with a type that can be stored");

    /// <summary>MEMO008: Minutes or Seconds is negative.</summary>
    public static readonly DiagnosticDescriptor InvalidDuration = Error(
        "MEMO008",
        "Cache duration must not be negative",
        "{0} is {1}: use zero for the manager's default or a positive duration");

    /// <summary>MEMO009: KeyPrefix is empty or holds the key separator.</summary>
    public static readonly DiagnosticDescriptor InvalidKeyPrefix = Error(
        "MEMO009",
        "KeyPrefix must not be empty nor contain ':'",
        "KeyPrefix \"{0}\" of '{1}' is empty or contains ':', the key separator: leave it out to use the method's full name, or give a non-empty prefix without ':'");

    /// <summary>MEMO010: a key parameter's type has no stable key text.</summary>
    public static readonly DiagnosticDescriptor UnsupportedKeyType = Error(
        "MEMO010",
        "Cache key parameter has no stable key",
        "Parameter '{0}' of type '{1}' has no stable cache key: mark it [NotCacheKey] if the result does not depend on it, implement Memoize.ICacheKey on the type, or pass a record of the values it stands for");

    /// <summary>MEMO011: <c>Unless</c> names no method <c>bool M(TResult)</c>.</summary>
    public static readonly DiagnosticDescriptor UnlessInvalid = Error(
        "MEMO011",
        "Unless must name a method bool M(TResult result)",
        "Unless = \"{0}\" on '{1}' must name a method of the same type declared '{2}' (static, or instance when '{1}' is an instance method)");

    /// <summary>MEMO012: an <c>[InvalidatesCache]</c> target does not exist.</summary>
    public static readonly DiagnosticDescriptor InvalidationTargetNotFound = Error(
        "MEMO012",
        "InvalidatesCache target not found",
        "[InvalidatesCache] on '{1}' names '{0}', which is not a method of this type: use nameof() of a [Cached] method");

    /// <summary>MEMO013: an <c>[InvalidatesCache]</c> target matches several cached overloads.</summary>
    public static readonly DiagnosticDescriptor InvalidationTargetAmbiguous = Error(
        "MEMO013",
        "InvalidatesCache target is ambiguous",
        "[InvalidatesCache] on '{1}' names '{0}', and several cached overloads of it take these parameters: give the overloads different key parameters or split the invalidating method");

    /// <summary>MEMO014: an <c>[InvalidatesCache]</c> target is not a generated cached method.</summary>
    public static readonly DiagnosticDescriptor InvalidationTargetNotCached = Error(
        "MEMO014",
        "InvalidatesCache target is not a cached method",
        "[InvalidatesCache] on '{1}' names '{0}', which has no usable [Cached] (it is missing, has an error, or is generic): only entries of generated cached methods can be removed");

    /// <summary>MEMO015: the invalidating method's parameters are not the target's key parameters.</summary>
    public static readonly DiagnosticDescriptor InvalidationParametersMismatch = Error(
        "MEMO015",
        "Invalidating method parameters do not match the cached method's key",
        "'{0}' must take the key parameters of '{1}' with the same names and types (a CancellationToken may be added): {2}");

    /// <summary>MEMO016: the invalidating method returns something unsupported.</summary>
    public static readonly DiagnosticDescriptor InvalidationReturnUnsupported = Error(
        "MEMO016",
        "Invalidating method has an unsupported return type",
        "'{0}' returns '{1}': an invalidating method returns void, bool, Task, Task<bool>, ValueTask or ValueTask<bool>, and is not generic");

    /// <summary>MEMO017: a resilience option of <c>[Cached]</c> is out of range.</summary>
    public static readonly DiagnosticDescriptor ResilienceOptionOutOfRange = Error(
        "MEMO017",
        "Resilience option is out of range",
        "{0} = {1} on '{2}' is out of range: use {3}");

    /// <summary>MEMO018: the soft timeout is not shorter than the hard timeout.</summary>
    public static readonly DiagnosticDescriptor SoftTimeoutNotShorterThanHard = Error(
        "MEMO018",
        "Soft timeout must be shorter than the hard timeout",
        "SoftTimeoutMilliseconds = {0} on '{2}' is not shorter than HardTimeoutMilliseconds = {1}: the soft timeout must be less than the hard timeout (or either of them 0)");

    /// <summary>MEMO019: a timeout on a method that returns its result directly.</summary>
    public static readonly DiagnosticDescriptor TimeoutOnSynchronousMethod = Error(
        "MEMO019",
        "Timeouts need an asynchronous cached method",
        "{0} = {1} on '{2}' cannot be honoured: '{2}' returns '{3}' directly, and giving up on Core would block the calling thread; return Task<T> or ValueTask<T>, or remove {0}");

    /// <summary>MEMO020: the result type will not round-trip through a serializing store.</summary>
    public static readonly DiagnosticDescriptor NonRoundTrippableReturn = Warning(
        "MEMO020",
        "Cached result will not round-trip through the store's serializer",
        "'{0}' returns '{1}' into store '{2}', which serializes values, but {3}: return a concrete data type");

    /// <summary>MEMO021: two methods' keys can be equal.</summary>
    public static readonly DiagnosticDescriptor KeyCollision = Warning(
        "MEMO021",
        "Cached methods share keys",
        "'{0}' uses KeyPrefix \"{1}\" like {2}, in the same store with as many key arguments: their results can overwrite each other; give each method its own KeyPrefix",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>MEMO022: the store name is not among the declared stores.</summary>
    public static readonly DiagnosticDescriptor UnknownStore = Warning(
        "MEMO022",
        "Cached method uses a store the assembly does not declare",
        "Store \"{0}\" of '{1}' is not declared by [assembly: CacheStores(...)]; declared stores: {2}");

    /// <summary>MEMO023: the Core method reads an input that is not in the key.</summary>
    public static readonly DiagnosticDescriptor AmbientInputInCore = Warning(
        "MEMO023",
        "Core method reads an input that is not part of the key",
        "'{0}' reads {1}, which is not part of the cache key of '{2}': the cached result would be stale or wrong; pass the value as a parameter or do not cache the method");

    /// <summary>MEMO024: the method's name says it changes state.</summary>
    public static readonly DiagnosticDescriptor StateChangingName = Warning(
        "MEMO024",
        "Cached method looks like it changes state",
        "'{0}' starts with '{1}', which suggests it changes state: a cached call runs only once per key, so later calls would do nothing");

    /// <summary>MEMO025: <c>[NotCacheKey]</c> on a cancellation token.</summary>
    public static readonly DiagnosticDescriptor RedundantNotCacheKey = new(
        "MEMO025",
        "[NotCacheKey] on a CancellationToken is redundant",
        "Parameter '{0}' is a CancellationToken, which is never part of the key: [NotCacheKey] can be removed",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpRoot + "MEMO025.md");

    /// <summary>MEMO026: a soft timeout with fail-safe not turned on by the attribute.</summary>
    public static readonly DiagnosticDescriptor SoftTimeoutWithoutFailSafe = new(
        "MEMO026",
        "Soft timeout without fail-safe has nothing to fall back on",
        "SoftTimeoutMilliseconds = {0} on '{1}' only serves a kept expired result, and {2}: set FailSafeMinutes so one is kept",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpRoot + "MEMO026.md");

    /// <summary>Every descriptor, in id order.</summary>
    internal static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All = System.Collections.Immutable.ImmutableArray.Create(
        MethodNotPartial,
        ContainingTypeNotPartial,
        CoreMethodMissing,
        CoreMethodMismatch,
        UnsupportedReturn,
        LazySequenceReturn,
        UnsupportedParameterKind,
        InvalidDuration,
        InvalidKeyPrefix,
        UnsupportedKeyType,
        UnlessInvalid,
        InvalidationTargetNotFound,
        InvalidationTargetAmbiguous,
        InvalidationTargetNotCached,
        InvalidationParametersMismatch,
        InvalidationReturnUnsupported,
        ResilienceOptionOutOfRange,
        SoftTimeoutNotShorterThanHard,
        TimeoutOnSynchronousMethod,
        NonRoundTrippableReturn,
        KeyCollision,
        UnknownStore,
        AmbientInputInCore,
        StateChangingName,
        RedundantNotCacheKey,
        SoftTimeoutWithoutFailSafe);

    private static readonly System.Collections.Generic.Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(static d => d.Id);

    /// <summary>
    /// The descriptor that reports <paramref name="kind"/>, found by the id the shared rule gives the kind (the id a
    /// generated stub names too), or <see langword="null"/> for a kind without a descriptor.
    /// </summary>
    internal static DiagnosticDescriptor? For(ProblemKind kind) => ById.TryGetValue(ProblemIds.Of(kind), out DiagnosticDescriptor? descriptor) ? descriptor : null;

    /// <summary>Turns a parsing problem into the diagnostic the user sees.</summary>
    internal static Diagnostic? ToDiagnostic(Problem problem)
        => For(problem.Kind) is { } descriptor ? Diagnostic.Create(descriptor, problem.Location, problem.MessageArgs) : null;

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message, params string[] tags)
        => new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md", customTags: tags);
}
