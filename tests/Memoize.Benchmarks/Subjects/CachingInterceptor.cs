using System.Text;
using Castle.DynamicProxy;
using Microsoft.Extensions.Caching.Memory;

namespace Memoize.Benchmarks.Subjects;

/// <summary>
/// Runtime-AOP caching as done with Castle DynamicProxy: the interceptor builds a key from the method and its
/// boxed arguments and caches the boxed return value in an <see cref="IMemoryCache"/>.
/// </summary>
public sealed class CachingInterceptor(IMemoryCache cache) : IInterceptor
{
    /// <inheritdoc/>
    public void Intercept(IInvocation invocation)
    {
        string key = KeyOf(invocation);
        if (cache.TryGetValue(key, out object? cached))
        {
            invocation.ReturnValue = cached;
            return;
        }

        invocation.Proceed();
        cache.Set(key, invocation.ReturnValue, Workload.Ttl);
    }

    private static string KeyOf(IInvocation invocation)
    {
        var key = new StringBuilder(64);
        key.Append(invocation.Method.DeclaringType!.FullName).Append('.').Append(invocation.Method.Name);
        foreach (object? argument in invocation.Arguments)
        {
            key.Append(':').Append(argument);
        }

        return key.ToString();
    }
}
