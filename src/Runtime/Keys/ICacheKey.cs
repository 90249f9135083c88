namespace Memoize;

/// <summary>
/// Implemented by a parameter type that decides its own cache key text. Two values must return the same text
/// exactly when a memoized method may return the same result for them.
/// </summary>
public interface ICacheKey
{
    /// <summary>The value's key text; any characters are allowed (they are escaped).</summary>
    /// <returns>The key text, never <see langword="null"/>.</returns>
    string ToCacheKey();
}
