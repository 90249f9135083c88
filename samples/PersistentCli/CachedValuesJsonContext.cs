using System.Text.Json.Serialization;

namespace PersistentCli;

/// <summary>The JSON metadata of every value this program caches in a byte store, generated at build time.</summary>
[JsonSerializable(typeof(long[]))]
internal sealed partial class CachedValuesJsonContext : JsonSerializerContext
{
}
