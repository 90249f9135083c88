using System;

namespace Memoize;

/// <summary>
/// Marks a <c>partial</c> method whose generated body removes the entries that the named <see cref="CachedAttribute"/>
/// methods of the same type created for the same arguments (same key builder, same store).
/// </summary>
/// <remarks>
/// The method's parameters (besides an optional <see cref="System.Threading.CancellationToken"/>) must have the names
/// and types of the target's key parameters. It may return <see langword="void"/>, <see cref="bool"/> (whether any
/// entry existed), <see cref="System.Threading.Tasks.Task"/>, <see cref="System.Threading.Tasks.Task{TResult}"/> of
/// bool, <see cref="System.Threading.Tasks.ValueTask"/> or <see cref="System.Threading.Tasks.ValueTask{TResult}"/> of bool.
/// <code>
/// [InvalidatesCache(nameof(GetUser))]
/// public partial Task ForgetUserAsync(int id);
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InvalidatesCacheAttribute : Attribute
{
    /// <summary>Names the cached methods whose entries this method removes.</summary>
    /// <param name="methods">The names of <see cref="CachedAttribute"/> methods of the same type (use <c>nameof</c>).</param>
    public InvalidatesCacheAttribute(params string[] methods) => Methods = methods ?? [];

    /// <summary>The names of the cached methods whose entries this method removes.</summary>
    public string[] Methods { get; }
}
