using System;

namespace Memoize.Methods.Tests.Subjects;

/// <summary>A method with one parameter of each common kind, for the key property test.</summary>
public static partial class MixedKeys
{
    public static readonly CacheManager Cache = new();

    [Cached]
    public static partial int Mix(string? text, int number, double real, decimal money, DateTime when, DateTimeOffset at, Guid? id, Unit unit, bool flag, char letter, int[]? list);

    private static int MixCore(string? text, int number, double real, decimal money, DateTime when, DateTimeOffset at, Guid? id, Unit unit, bool flag, char letter, int[]? list) => number;
}
