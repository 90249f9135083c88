namespace Memoize.Generator.Model;

/// <summary>
/// The shape of a value as it is written into a cache key: a scalar, or a list, dictionary or object of further
/// values. The emitter turns it into the statements that write the value; nothing is inspected at run time.
/// </summary>
/// <param name="Kind">What kind of value it is.</param>
/// <param name="Type">The value's fully qualified type with nullable annotations.</param>
/// <param name="WriteCast">For a scalar the writer has no overload for (small and native integers, enums): the type it is widened to.</param>
/// <param name="IsNullableValue">Whether the type is <c>Nullable&lt;T&gt;</c>, written as null when it has no value.</param>
/// <param name="Elements">A list's element, or a dictionary's key and value.</param>
/// <param name="Members">An object's public members in ordinal name order.</param>
/// <param name="IsReferenceType">For an object: whether it can be null.</param>
internal sealed record KeyValueSpec(
    KeyValueKind Kind,
    string Type,
    string? WriteCast = null,
    bool IsNullableValue = false,
    EquatableArray<KeyValueSpec> Elements = default,
    EquatableArray<KeyMemberSpec> Members = default,
    bool IsReferenceType = false);

/// <summary>One public member of an object written into a key.</summary>
/// <param name="Name">The member's name as declared (without <c>@</c>).</param>
/// <param name="Value">How its value is written.</param>
internal sealed record KeyMemberSpec(string Name, KeyValueSpec Value);

/// <summary>The kinds of value a key can hold.</summary>
internal enum KeyValueKind
{
    /// <summary>A string, number, boolean, char, enum, Guid, date or time the key writer writes as it is.</summary>
    Scalar,

    /// <summary>A <c>DateTime</c>, carried in the key tuple in a wrapper that compares it by its written form.</summary>
    DateTime,

    /// <summary>A <c>DateTimeOffset</c>, carried like <see cref="DateTime"/>.</summary>
    DateTimeOffset,

    /// <summary>An <c>ICacheKey</c> that writes itself.</summary>
    CacheKey,

    /// <summary>An array or other sequence: its elements in order.</summary>
    List,

    /// <summary>A dictionary: its entries.</summary>
    Dictionary,

    /// <summary>Any other type: its public members.</summary>
    Object,
}
