using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Memoize.Methods.Tests.Subjects;

namespace Memoize.Methods.Tests.Keys;

/// <summary>
/// Random argument tuples of mixed types: two tuples get the same key exactly when they are equal under the
/// documented key semantics, and keys do not depend on the current culture.
/// </summary>
public sealed class KeyPropertyTests
{
    private const int Tuples = 5_000;

    [Fact]
    public void Keys_are_equal_exactly_when_the_argument_tuples_are_equal()
    {
        var random = new Random(20261121);
        var byKey = new Dictionary<string, Args>(StringComparer.Ordinal);
        int equivalentPairs = 0;
        for (int i = 0; i < Tuples; i++)
        {
            // Each random tuple is paired with either an equal tuple written differently (-0.0, 1.00m, a new array)
            // or a near miss that differs in exactly one argument.
            Args first = Args.Random(random);
            bool equivalent = random.Next(2) == 0;
            Args second = equivalent ? first.EquivalentCopy() : first.WithOneArgumentChanged(random);
            equivalentPairs += equivalent ? 1 : 0;

            string firstKey = first.Key();
            string secondKey = second.Key();
            if (first.SemanticallyEquals(second) != (firstKey == secondKey))
            {
                Assert.Fail($"Key equality disagrees with tuple equality:\n{firstKey}\n{secondKey}");
            }

            foreach ((Args args, string key) in new[] { (first, firstKey), (second, secondKey) })
            {
                if (byKey.TryGetValue(key, out Args? earlier) && !earlier.SemanticallyEquals(args))
                {
                    Assert.Fail($"Different tuples share the key {key}");
                }

                byKey[key] = args;
            }
        }

        Assert.InRange(equivalentPairs, Tuples / 3, Tuples * 2 / 3);
        Assert.True(byKey.Count > Tuples, "most tuples are distinct");
    }

    [Fact]
    public void Keys_are_identical_under_turkish_german_and_invariant_cultures()
    {
        var random = new Random(7);
        List<Args> tuples = Enumerable.Range(0, 1_000).Select(_ => Args.Random(random)).ToList();
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            string[][] keys = new[] { "tr-TR", "de-DE", "" }.Select(name =>
            {
                CultureInfo.CurrentCulture = new CultureInfo(name);
                return tuples.Select(static t => t.Key()).ToArray();
            }).ToArray();

            Assert.Equal(keys[2], keys[0]);
            Assert.Equal(keys[2], keys[1]);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    private sealed record Args(string? Text, int Number, double Real, decimal Money, DateTime When, DateTimeOffset At, Guid? Id, Unit Unit, bool Flag, char Letter, int[]? List)
    {
        private static readonly string?[] Texts = [null, "", "a", "a:b", "b", "\"", "İ", "ß", "a\"b", "null"];
        private static readonly double[] Reals = [0d, -0d, 1.5, double.NaN, double.PositiveInfinity, 0.1 + 0.2, 1e-300];
        private static readonly decimal[] Moneys = [1m, 1.0m, 1.00m, 2.5m, -1m];
        private static readonly Guid[] Ids = [Guid.Empty, new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff")];

        public static Args Random(Random random) => new(
            Texts[random.Next(Texts.Length)],
            random.Next(-2, 3),
            Reals[random.Next(Reals.Length)],
            Moneys[random.Next(Moneys.Length)],
            new DateTime(2026, 1, 1, 0, 0, 0, (DateTimeKind)random.Next(3)).AddTicks(random.Next(2)),
            new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(random.Next(2))),
            random.Next(3) == 0 ? null : Ids[random.Next(Ids.Length)],
            (Unit)random.Next(2),
            random.Next(2) == 0,
            "ab:"[random.Next(3)],
            random.Next(4) switch { 0 => null, 1 => [], 2 => [1], _ => [1, 2] });

        public Args EquivalentCopy() => this with
        {
            Text = Text is null ? null : new string(Text.AsSpan()),
            Real = Real == 0d ? -Real : Real,
            Money = Money * 1.00m,
            List = List?.ToArray(),
        };

        public Args WithOneArgumentChanged(Random random)
        {
            while (true)
            {
                Args changed = Random(random);
                Args candidate = random.Next(11) switch
                {
                    0 => this with { Text = changed.Text },
                    1 => this with { Number = changed.Number },
                    2 => this with { Real = changed.Real },
                    3 => this with { Money = changed.Money },
                    4 => this with { When = changed.When },
                    5 => this with { At = changed.At },
                    6 => this with { Id = changed.Id },
                    7 => this with { Unit = changed.Unit },
                    8 => this with { Flag = changed.Flag },
                    9 => this with { Letter = changed.Letter },
                    _ => this with { List = changed.List },
                };
                if (!candidate.SemanticallyEquals(this))
                {
                    return candidate;
                }
            }
        }

        public string Key() => MixedKeys.MixCacheKey(Text, Number, Real, Money, When, At, Id, Unit, Flag, Letter, List);

        /// <summary>Equality under the key semantics of docs/keys.md.</summary>
        public bool SemanticallyEquals(Args other)
            => string.Equals(Text, other.Text, StringComparison.Ordinal)
            && Number == other.Number
            && (Real == other.Real || (double.IsNaN(Real) && double.IsNaN(other.Real)))
            && Money == other.Money
            && When.Ticks == other.When.Ticks && When.Kind == other.When.Kind
            && At.EqualsExact(other.At)
            && Id == other.Id
            && Unit == other.Unit
            && Flag == other.Flag
            && Letter == other.Letter
            && (List is null ? other.List is null : other.List is not null && List.SequenceEqual(other.List));

        public override string ToString() => Key();
    }
}
