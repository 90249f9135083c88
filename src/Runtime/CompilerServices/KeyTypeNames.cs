using System;
using System.ComponentModel;
using System.Linq;

namespace Memoize.CompilerServices;

/// <summary>Readable, stable names of type arguments for the key prefixes of generic types and methods.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KeyTypeNames
{
    /// <summary>The name of <typeparamref name="T"/>, computed once per type: <c>System.Int32</c>, <c>System.Collections.Generic.List&lt;System.String&gt;</c>.</summary>
    /// <typeparam name="T">The type argument.</typeparam>
    /// <returns>The name, free of the key separator.</returns>
    public static string Of<T>() => Cache<T>.Name;

    private static class Cache<T>
    {
        public static readonly string Name = Format(typeof(T));
    }

    /// <summary>The readable name of <paramref name="type"/>, without assembly names or versions.</summary>
    internal static string Format(Type type)
    {
        if (type.IsArray)
        {
            return Format(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        string name = type.IsNested ? Format(type.DeclaringType!) + "." + StripArity(type.Name) : (type.Namespace is null ? "" : type.Namespace + ".") + StripArity(type.Name);
        if (type.IsGenericType)
        {
            Type[] own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0).ToArray();
            if (own.Length > 0)
            {
                name += "<" + string.Join(",", own.Select(Format)) + ">";
            }
        }

        return name;
    }

    private static string StripArity(string name)
    {
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
