using System;
using System.Buffers;

namespace Memoize;

/// <summary>Turns values into bytes for stores that keep bytes (every store but memory).</summary>
public interface ICacheSerializer
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The static type of the value; the bytes must read back as this type.</typeparam>
    /// <param name="value">The value, which may be <see langword="null"/>.</param>
    /// <param name="destination">Where the bytes go.</param>
    void Serialize<T>(T value, IBufferWriter<byte> destination);

    /// <summary>
    /// Reads a value of type <typeparamref name="T"/>. Bytes that do not describe a <typeparamref name="T"/>
    /// (corrupt, or written for another type or schema) return <see langword="false"/>; never throws for them.
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="value">The value read.</param>
    /// <returns><see langword="true"/> when the bytes held a <typeparamref name="T"/>.</returns>
    bool TryDeserialize<T>(ReadOnlySpan<byte> bytes, out T value);
}
