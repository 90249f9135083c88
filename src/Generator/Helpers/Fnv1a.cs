namespace Memoize.Generator.Helpers;

/// <summary>
/// The 32-bit FNV-1a hash, written as 8 hex digits. Used for names and fingerprints that must be the same on every
/// run and machine, which <see cref="string.GetHashCode()"/> is not.
/// </summary>
internal static class Fnv1a
{
    public static string Hash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
