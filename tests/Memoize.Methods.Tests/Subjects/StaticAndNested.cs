using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize;

namespace Memoize.Methods.Tests.Subjects
{
    /// <summary>Static methods on a static manager, and methods of nested, record and struct types.</summary>
    public static partial class StaticMath
    {
        public static readonly CacheManager Cache = new();

        public static readonly CallCounter Calls = new();

        [Cached(Minutes = 5)]
        public static partial long Square(int value);

        [Cached]
        public static partial Task<long> CubeAsync(int value);

        private static long SquareCore(int value)
        {
            Calls.Hit();
            return (long)value * value;
        }

        private static async Task<long> CubeAsyncCore(int value)
        {
            Calls.Hit();
            await Task.Delay(1);
            return (long)value * value * value;
        }
    }

    public partial class Outer
    {
        public partial class Inner
        {
            private readonly ICacheManager _cache = new CacheManager();

            public CallCounter Calls { get; } = new();

            [Cached]
            public partial int Length(string text);

            private int LengthCore(string text)
            {
                Calls.Hit();
                return text.Length;
            }
        }
    }

    public partial record Catalog(string Name)
    {
        public CacheManager Cache { get; } = new();

        public CallCounter Calls { get; } = new();

        [Cached]
        public partial string Title(int page);

        private string TitleCore(int page)
        {
            Calls.Hit();
            return Name + " p" + page;
        }
    }

    public partial struct Meter
    {
        private static readonly CacheManager s_cache = new();

        public static readonly CallCounter Calls = new();

        [Cached]
        public readonly partial double Convert(double value, Unit unit);

        private readonly double ConvertCore(double value, Unit unit)
        {
            Calls.Hit();
            return unit == Unit.Feet ? value * 3.28084 : value;
        }
    }

    public enum Unit
    {
        Meters,
        Feet,
    }

    /// <summary>Every key type of the first slice, to check keys tell them apart.</summary>
    public partial class KeyKinds
    {
        private readonly ICacheManager _cache = new CacheManager();

        public CallCounter Calls { get; } = new();

        [Cached]
        public partial string Describe(Guid id, DateTime when, DateTimeOffset at, int? count, Unit? unit, char letter, bool flag);

        private string DescribeCore(Guid id, DateTime when, DateTimeOffset at, int? count, Unit? unit, char letter, bool flag)
        {
            Calls.Hit();
            return string.Join("|", id, when.Kind, at.Offset, count, unit, letter, flag);
        }
    }
}

/// <summary>A type in the global namespace.</summary>
public partial class GlobalGreeter
{
    public static readonly Memoize.CacheManager Cache = new();

    public static readonly Memoize.Methods.Tests.Subjects.CallCounter Calls = new();

    [Memoize.Cached]
    public static partial string Greet(string name);

    private static string GreetCore(string name)
    {
        Calls.Hit();
        return "hello " + name;
    }
}
