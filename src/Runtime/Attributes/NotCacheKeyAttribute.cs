using System;

namespace Memoize;

/// <summary>
/// Leaves a parameter of a <see cref="CachedAttribute"/> method out of the cache key. The argument is still
/// passed to the <c>Core</c> method. <see cref="System.Threading.CancellationToken"/> parameters are always left out.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NotCacheKeyAttribute : Attribute
{
}
