namespace Memoize;

/// <summary>Writes the key segments of one cached method's arguments. Generated for each cached method.</summary>
/// <typeparam name="TArgs">The tuple of the method's key arguments.</typeparam>
/// <param name="writer">The key being built.</param>
/// <param name="args">The key arguments.</param>
public delegate void KeyFormatter<TArgs>(ref CacheKeyWriter writer, in TArgs args);
