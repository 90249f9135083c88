using System.ComponentModel;

namespace Memoize.CompilerServices;

/// <summary>Writes the key segments of one cached method's arguments. Generated for each cached method.</summary>
/// <typeparam name="TArgs">The tuple of the method's key arguments.</typeparam>
/// <param name="writer">The key being built.</param>
/// <param name="args">The key arguments.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void KeyFormatter<TArgs>(ref CacheKeyWriter writer, in TArgs args);

/// <summary>Writes one element of a list or dictionary argument. Generated for each element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="writer">The key being built.</param>
/// <param name="value">The element.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void ElementWriter<T>(ref CacheKeyWriter writer, T value);
