using System;

namespace Memoize.Stores;

/// <summary>Bytes read from a store, with the time they expire (<see langword="null"/>: never).</summary>
/// <param name="Value">The stored bytes.</param>
/// <param name="ExpiresAt">When the entry expires, or <see langword="null"/> when it does not.</param>
public readonly record struct StoredValue(ReadOnlyMemory<byte> Value, DateTimeOffset? ExpiresAt);
