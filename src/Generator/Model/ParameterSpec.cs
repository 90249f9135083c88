namespace Memoize.Generator.Model;

/// <summary>One parameter of a memoized method and how it takes part in the key.</summary>
/// <param name="Name">The parameter's name as written in C# (with <c>@</c> for keywords).</param>
/// <param name="Type">The fully qualified type with nullable annotations.</param>
/// <param name="Role">Whether it is a key argument, the cancellation token, or passed through only.</param>
/// <param name="KeyType">The tuple element type that carries it in the key (may wrap <paramref name="Type"/>).</param>
/// <param name="Format">How its key segment is written.</param>
/// <param name="IsNullableValue">Whether the type is <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsParams">Whether it is a <c>params</c> parameter.</param>
/// <param name="WriteCast">A cast applied before the writer call (enums: their underlying integer type).</param>
/// <param name="SegmentCode">For <see cref="KeyFormat.Segment"/>: statements writing <c>value</c> into <c>writer</c>.</param>
/// <param name="Sensitive">Whether the segment is hashed (<c>[Sensitive]</c>).</param>
internal sealed record ParameterSpec(
    string Name,
    string Type,
    ParameterRole Role,
    string KeyType,
    KeyFormat Format,
    bool IsNullableValue,
    bool IsParams,
    string? WriteCast,
    string? SegmentCode = null,
    bool Sensitive = false);

/// <summary>What a parameter is to the cache.</summary>
internal enum ParameterRole
{
    Key,
    CancellationToken,
    PassThrough,
}

/// <summary>How a key argument is written by the generated formatter.</summary>
internal enum KeyFormat
{
    /// <summary>Not part of the key.</summary>
    None,

    /// <summary>Passed straight to a <c>CacheKeyWriter.Write</c> overload.</summary>
    Direct,

    /// <summary>Wrapped in a key struct whose <c>Value</c> is written (DateTime, DateTimeOffset).</summary>
    Wrapped,

    /// <summary>
    /// A list, dictionary, record or <c>ICacheKey</c>: formatted to its segment text on each call; the text is the
    /// typed key (so equality matches the key exactly) and the value itself reaches Core through the state.
    /// </summary>
    Segment,
}
