using System;
using System.ComponentModel;

namespace Memoize.CompilerServices;

/// <summary>
/// Carries a <see cref="DateTime"/> argument in a typed key. <see cref="DateTime.Equals(DateTime)"/> ignores the
/// <see cref="DateTime.Kind"/>, but the key text does not; this struct compares ticks and kind, so the typed
/// memory index and the key string always agree.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct KeyDateTime : IEquatable<KeyDateTime>
{
    /// <summary>Wraps a value.</summary>
    /// <param name="value">The argument.</param>
    public KeyDateTime(DateTime value) => Value = value;

    /// <summary>The argument.</summary>
    public DateTime Value { get; }

    /// <summary>Wraps a value.</summary>
    /// <param name="value">The argument.</param>
    public static implicit operator KeyDateTime(DateTime value) => new(value);

    /// <summary>Unwraps the value.</summary>
    /// <param name="key">The wrapper.</param>
    public static implicit operator DateTime(KeyDateTime key) => key.Value;

    /// <inheritdoc/>
    public bool Equals(KeyDateTime other) => Value.Ticks == other.Value.Ticks && Value.Kind == other.Value.Kind;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KeyDateTime other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Value.Ticks, Value.Kind);
}

/// <summary>
/// Carries a <see cref="DateTimeOffset"/> argument in a typed key, compared by local time and offset (the key
/// text's parts), where <see cref="DateTimeOffset.Equals(DateTimeOffset)"/> compares only the instant.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct KeyDateTimeOffset : IEquatable<KeyDateTimeOffset>
{
    /// <summary>Wraps a value.</summary>
    /// <param name="value">The argument.</param>
    public KeyDateTimeOffset(DateTimeOffset value) => Value = value;

    /// <summary>The argument.</summary>
    public DateTimeOffset Value { get; }

    /// <summary>Wraps a value.</summary>
    /// <param name="value">The argument.</param>
    public static implicit operator KeyDateTimeOffset(DateTimeOffset value) => new(value);

    /// <summary>Unwraps the value.</summary>
    /// <param name="key">The wrapper.</param>
    public static implicit operator DateTimeOffset(KeyDateTimeOffset key) => key.Value;

    /// <inheritdoc/>
    public bool Equals(KeyDateTimeOffset other) => Value.EqualsExact(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KeyDateTimeOffset other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Value.Ticks, Value.Offset);
}
