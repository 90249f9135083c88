using System;

namespace Memoize;

/// <summary>
/// Marks a key parameter whose value must never appear in clear in a cache key (personal data, secrets): its
/// segment is written as <c>#</c> and a SHA-256 hash of the value, in every store and log.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SensitiveAttribute : Attribute
{
}
