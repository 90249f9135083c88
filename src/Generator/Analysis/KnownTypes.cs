namespace Memoize.Generator.Analysis;

/// <summary>Metadata names of the runtime types the generator and analyzers look for.</summary>
internal static class KnownTypes
{
    public const string CachedAttribute = "Memoize.CachedAttribute";
    public const string NotCacheKeyAttribute = "Memoize.NotCacheKeyAttribute";
    public const string SensitiveAttribute = "Memoize.SensitiveAttribute";
    public const string InvalidatesCacheAttribute = "Memoize.InvalidatesCacheAttribute";
    public const string CacheManagerInterface = "Memoize.ICacheManager";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string Task = "System.Threading.Tasks.Task";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";
    public const string KeyDateTime = "global::Memoize.CompilerServices.KeyDateTime";
    public const string KeyDateTimeOffset = "global::Memoize.CompilerServices.KeyDateTimeOffset";
}
