using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Memoize.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Tests;

/// <summary>
/// The resilience options a method's descriptor carries at run time are exactly those its attribute sets, with the
/// same values: an option left out stays unset so the manager's default applies, and an explicit 0 stays 0.
/// </summary>
public sealed class EmittedOptionsTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Memoize;
        namespace Emitted;
        public partial class Service
        {
            [Cached] public partial int Plain(int id);
            [Cached(FailSafeMinutes = 0)] public partial int Off(int id);
            [Cached(FailSafeMinutes = 10, FailSafeThrottleSeconds = 5, SoftTimeoutMilliseconds = 100, HardTimeoutMilliseconds = 1000, EagerRefresh = 0.8, JitterSeconds = 7)]
            public partial Task<int> All(int id);
            [Cached(EagerRefresh = 0.1)] public partial int Tenth(int id);
            [Cached(EagerRefresh = 0.30000000000000004)] public partial int Sum(int id);
            [Cached(EagerRefresh = 0.9999999999999999)] public partial int AlmostOne(int id);
            [Cached(EagerRefresh = double.Epsilon)] public partial int Tiny(int id);
            [Cached(EagerRefresh = 1e-7)] public partial int Small(int id);
            private int PlainCore(int id) => id;
            private int OffCore(int id) => id;
            private Task<int> AllCore(int id) => Task.FromResult(id);
            private int TenthCore(int id) => id;
            private int SumCore(int id) => id;
            private int AlmostOneCore(int id) => id;
            private int TinyCore(int id) => id;
            private int SmallCore(int id) => id;
        }
        """;

    private static readonly Lazy<Type> s_service = new(LoadService);

    [Fact]
    public void A_method_that_sets_no_option_leaves_all_to_the_manager()
        => Assert.Null(OptionsOf("Plain"));

    [Fact]
    public void An_explicit_zero_is_kept_and_the_options_left_out_stay_unset()
    {
        RememberOptions options = Assert.IsType<RememberOptions>(OptionsOf("Off"));

        Assert.Equal(0, options.FailSafeMinutes);
        Assert.Null(options.FailSafeThrottleSeconds);
        Assert.Null(options.SoftTimeoutMilliseconds);
        Assert.Null(options.HardTimeoutMilliseconds);
        Assert.Null(options.EagerRefresh);
        Assert.Null(options.JitterSeconds);
    }

    [Fact]
    public void Every_option_set_reaches_the_descriptor()
    {
        RememberOptions options = Assert.IsType<RememberOptions>(OptionsOf("All"));

        Assert.Equal(10, options.FailSafeMinutes);
        Assert.Equal(5, options.FailSafeThrottleSeconds);
        Assert.Equal(100, options.SoftTimeoutMilliseconds);
        Assert.Equal(1000, options.HardTimeoutMilliseconds);
        Assert.Equal(0.8, options.EagerRefresh);
        Assert.Equal(7, options.JitterSeconds);
    }

    [Theory]
    [InlineData("Tenth", 0.1)]
    [InlineData("Sum", 0.30000000000000004)]
    [InlineData("AlmostOne", 0.9999999999999999)]
    [InlineData("Tiny", double.Epsilon)]
    [InlineData("Small", 1e-7)]
    public void An_eager_refresh_fraction_reads_back_as_the_same_double(string method, double expected)
    {
        RememberOptions options = Assert.IsType<RememberOptions>(OptionsOf(method));

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(options.EagerRefresh!.Value));
    }

    private static RememberOptions? OptionsOf(string method)
    {
        object descriptor = s_service.Value.GetField("__memoize_" + method, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        return (RememberOptions?)descriptor.GetType().GetProperty("Options")!.GetValue(descriptor);
    }

    /// <summary>Generates, compiles and loads the service, the way the user's program would run it.</summary>
    private static Type LoadService()
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        Assembly assembly = new AssemblyLoadContext("EmittedOptions", isCollectible: false).LoadFromStream(image);
        return assembly.GetType("Emitted.Service", throwOnError: true)!;
    }
}
