namespace Memoize.Generator.Model;

/// <summary>One parameter of a generated method and, for a key argument, how it takes part in the key.</summary>
/// <param name="Name">The parameter's name as an identifier (with <c>@</c> for keywords).</param>
/// <param name="Type">The fully qualified type with nullable annotations.</param>
/// <param name="Role">Whether it is a key argument, the cancellation token, or passed through only.</param>
/// <param name="IsParams">Whether it is a <c>params</c> parameter.</param>
/// <param name="Key">For a key argument, how its value is written into the key; otherwise <see langword="null"/>.</param>
/// <param name="Sensitive">Whether the key segment is hashed (<c>[Sensitive]</c>).</param>
/// <param name="RefKind">How it is passed (only a method Memoize cannot generate has other than <see cref="ParameterRefKind.None"/>).</param>
/// <param name="IsExtensionThis">Whether it is the <c>this</c> parameter of an extension method (written for stubs only).</param>
internal sealed record ParameterSpec(
    string Name,
    string Type,
    ParameterRole Role,
    bool IsParams,
    KeyValueSpec? Key = null,
    bool Sensitive = false,
    ParameterRefKind RefKind = ParameterRefKind.None,
    bool IsExtensionThis = false)
{
    /// <summary>How the argument is carried in the key tuple and written by the descriptor.</summary>
    public KeyFormat Format => Key?.Kind switch
    {
        null => KeyFormat.None,
        KeyValueKind.Scalar => KeyFormat.Direct,
        KeyValueKind.DateTime or KeyValueKind.DateTimeOffset => KeyFormat.Wrapped,
        _ => KeyFormat.Segment,
    };
}

/// <summary>What a parameter is to the cache.</summary>
internal enum ParameterRole
{
    Key,
    CancellationToken,
    PassThrough,
}

/// <summary>How a parameter is passed.</summary>
internal enum ParameterRefKind
{
    None,
    Ref,
    Out,
    In,
    RefReadOnly,
}

/// <summary>How a key argument is carried in the key tuple.</summary>
internal enum KeyFormat
{
    /// <summary>Not part of the key.</summary>
    None,

    /// <summary>As itself, passed straight to a <c>CacheKeyWriter.Write</c> overload.</summary>
    Direct,

    /// <summary>Wrapped in a key struct whose <c>Value</c> is written (DateTime, DateTimeOffset).</summary>
    Wrapped,

    /// <summary>
    /// A list, dictionary, record or <c>ICacheKey</c>: formatted to its segment text on each call; the text is the
    /// typed key (so equality matches the key exactly) and the value itself reaches Core through the state.
    /// </summary>
    Segment,
}
