using System.Threading.Tasks;
using Memoize.Analyzers.CodeFixes;
using Memoize.Analyzers.Tests.Support;

namespace Memoize.Analyzers.Tests;

/// <summary>Each code fix: the source before, the exact source after, and the fixed program compiles with no diagnostic.</summary>
public sealed class CodeFixTests
{
    private static async Task VerifyFixAsync(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix, string before, string after, string? equivalenceKey = null)
    {
        string actual = await CodeFixHarness.ApplyAsync(fix, before, equivalenceKey);

        Assert.Equal(after.ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
        Result fixedResult = await Harness.VerifyAsync(actual);
        Assert.Empty(fixedResult.CompilerErrors);
        Assert.NotEmpty(fixedResult.Generated);
    }

    [Fact]
    public Task MEMO001_makes_a_bodiless_method_partial() => VerifyFixAsync(
        new MakePartialCodeFixProvider(),
        """
        using Memoize;

        public partial class Service
        {
            [Cached]
            public int {|MEMO001:Get|}(int id);

            private int GetCore(int id) => id;
        }
        """,
        """
        using Memoize;

        public partial class Service
        {
            [Cached]
            public partial int Get(int id);

            private int GetCore(int id) => id;
        }
        """);

    [Fact]
    public Task MEMO001_moves_a_block_body_to_the_Core_method() => VerifyFixAsync(
        new MoveBodyToCoreCodeFixProvider(),
        """
        using System.Threading.Tasks;
        using Memoize;

        namespace Demo;

        public partial class Service
        {
            /// <summary>Loads the name.</summary>
            [Cached(Minutes = 5)]
            public async Task<string> {|MEMO001:{|MEMO003:LoadAsync|}|}(int id, [NotCacheKey] string? hint = null)
            {
                await Task.Delay(1);
                return hint ?? id.ToString();
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Memoize;

        namespace Demo;

        public partial class Service
        {
            /// <summary>Loads the name.</summary>
            [Cached(Minutes = 5)]
            public partial Task<string> LoadAsync(int id, [NotCacheKey] string? hint = null);

            private async Task<string> LoadAsyncCore(int id, string? hint)
            {
                await Task.Delay(1);
                return hint ?? id.ToString();
            }
        }
        """);

    [Fact]
    public Task MEMO001_moves_an_expression_body_of_a_static_method() => VerifyFixAsync(
        new MoveBodyToCoreCodeFixProvider(),
        """
        using Memoize;

        public static partial class Pricing
        {
            [Cached] public static decimal {|MEMO001:{|MEMO003:Price|}|}(string sku) => sku.Length * 2m;
        }
        """,
        """
        using Memoize;

        public static partial class Pricing
        {
            [Cached] public static partial decimal Price(string sku);

            private static decimal PriceCore(string sku) => sku.Length * 2m;
        }
        """);

    [Fact]
    public async Task MEMO001_offers_no_move_when_the_Core_method_exists()
    {
        int offered = await CodeFixHarness.CountOfferedAsync(
            new MoveBodyToCoreCodeFixProvider(),
            """
            using Memoize;
            public partial class Service
            {
                [Cached] public int {|MEMO001:Get|}(int id) => id;
                private int GetCore(int id) => id;
            }
            """);

        Assert.Equal(0, offered);
    }

    [Fact]
    public Task MEMO002_makes_every_containing_type_partial() => VerifyFixAsync(
        new MakePartialCodeFixProvider(),
        """
        using Memoize;

        namespace Demo
        {
            public class Outer
            {
                internal sealed class Inner
                {
                    [Cached]
                    public partial int {|MEMO002:{|MEMO002:Get|}|}(int id);

                    private int GetCore(int id) => id;
                }
            }
        }
        """,
        """
        using Memoize;

        namespace Demo
        {
            public partial class Outer
            {
                internal sealed partial class Inner
                {
                    [Cached]
                    public partial int Get(int id);

                    private int GetCore(int id) => id;
                }
            }
        }
        """);

    [Fact]
    public Task MEMO002_makes_a_type_without_modifiers_partial() => VerifyFixAsync(
        new MakePartialCodeFixProvider(),
        """
        using Memoize;

        // A service.
        class Service
        {
            [Cached]
            public partial int {|MEMO002:Get|}(int id);

            private int GetCore(int id) => id;
        }
        """,
        """
        using Memoize;

        // A service.
        partial class Service
        {
            [Cached]
            public partial int Get(int id);

            private int GetCore(int id) => id;
        }
        """);

    [Fact]
    public Task MEMO003_adds_the_Core_stub_with_the_signature() => VerifyFixAsync(
        new AddCoreMethodCodeFixProvider(),
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;

        namespace Demo;

        public partial class Service
        {
            [Cached(Minutes = 1)]
            public partial Task<List<string>?> {|MEMO003:FindAsync|}(string name, int? limit = 10, [NotCacheKey] object? context = null, CancellationToken cancellationToken = default);

            public int Other() => 1;
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;

        namespace Demo;

        public partial class Service
        {
            [Cached(Minutes = 1)]
            public partial Task<List<string>?> FindAsync(string name, int? limit = 10, [NotCacheKey] object? context = null, CancellationToken cancellationToken = default);

            private Task<List<string>?> FindAsyncCore(string name, int? limit, object? context, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }

            public int Other() => 1;
        }
        """);

    [Fact]
    public Task MEMO003_adds_a_static_Core_without_a_using_System() => VerifyFixAsync(
        new AddCoreMethodCodeFixProvider(),
        """
        using Memoize;

        public static partial class Pricing
        {
            [Cached] public static partial decimal {|MEMO003:Price|}(string sku);
        }
        """,
        """
        using Memoize;

        public static partial class Pricing
        {
            [Cached] public static partial decimal Price(string sku);

            private static decimal PriceCore(string sku)
            {
                throw new System.NotImplementedException();
            }
        }
        """);

    [Fact]
    public Task MEMO010_adds_NotCacheKey() => VerifyFixAsync(
        new AddNotCacheKeyCodeFixProvider(),
        """
        using Memoize;

        namespace Demo;

        public sealed class Customer { public void Touch() { } }

        public partial class Service
        {
            [Cached]
            public partial decimal Discount(int id, Customer {|MEMO010:customer|});

            private decimal DiscountCore(int id, Customer customer) => 0m;
        }
        """,
        """
        using Memoize;

        namespace Demo;

        public sealed class Customer { public void Touch() { } }

        public partial class Service
        {
            [Cached]
            public partial decimal Discount(int id, [NotCacheKey] Customer customer);

            private decimal DiscountCore(int id, Customer customer) => 0m;
        }
        """);

    [Fact]
    public Task MEMO010_adds_a_qualified_NotCacheKey_without_a_using() => VerifyFixAsync(
        new AddNotCacheKeyCodeFixProvider(),
        """
        public sealed class Customer { }

        public partial class Service
        {
            [Memoize.Cached]
            public partial decimal Discount(Customer {|MEMO010:customer|});

            private decimal DiscountCore(Customer customer) => 0m;
        }
        """,
        """
        public sealed class Customer { }

        public partial class Service
        {
            [Memoize.Cached]
            public partial decimal Discount([Memoize.NotCacheKey] Customer customer);

            private decimal DiscountCore(Customer customer) => 0m;
        }
        """);

    [Fact]
    public Task MEMO025_removes_NotCacheKey_from_a_CancellationToken() => VerifyFixAsync(
        new RemoveNotCacheKeyCodeFixProvider(),
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;

        public partial class Service
        {
            [Cached]
            public partial Task<int> CountAsync(string key, [{|MEMO025:NotCacheKey|}] CancellationToken cancellationToken);

            private Task<int> CountAsyncCore(string key, CancellationToken cancellationToken) => Task.FromResult(1);
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;

        public partial class Service
        {
            [Cached]
            public partial Task<int> CountAsync(string key, CancellationToken cancellationToken);

            private Task<int> CountAsyncCore(string key, CancellationToken cancellationToken) => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task MEMO019_removes_the_timeout_from_a_synchronous_method() => VerifyFixAsync(
        new RemoveTimeoutCodeFixProvider(),
        """
        using Memoize;

        public partial class Quotes
        {
            [Cached(Minutes = 5, {|MEMO019:HardTimeoutMilliseconds = 500|}, JitterSeconds = 3)]
            public partial decimal Quote(string symbol);

            private decimal QuoteCore(string symbol) => 1m;
        }
        """,
        """
        using Memoize;

        public partial class Quotes
        {
            [Cached(Minutes = 5, JitterSeconds = 3)]
            public partial decimal Quote(string symbol);

            private decimal QuoteCore(string symbol) => 1m;
        }
        """);

    [Fact]
    public Task MEMO019_removes_an_emptied_argument_list() => VerifyFixAsync(
        new RemoveTimeoutCodeFixProvider(),
        """
        using Memoize;

        public partial class Quotes
        {
            [Cached({|MEMO019:SoftTimeoutMilliseconds = 100|})]
            public partial decimal Quote(string symbol);

            private decimal QuoteCore(string symbol) => 1m;
        }
        """,
        """
        using Memoize;

        public partial class Quotes
        {
            [Cached]
            public partial decimal Quote(string symbol);

            private decimal QuoteCore(string symbol) => 1m;
        }
        """);
}
