using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Memoize.Testing;

/// <summary>
/// A contract fact that a store's test class can skip as a whole: when the concrete class has a public static
/// <c>SkipReason</c> that returns text (for example "redis-server is not installed"), every contract test of that
/// class is skipped with it. The contract itself is written once, in the base classes.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("Memoize.Testing.StoreFactDiscoverer", "Memoize.Testing")]
public sealed class StoreFactAttribute : FactAttribute
{
}

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests with the skip reason of the concrete test class.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        => [new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

/// <summary>A contract test case whose skip reason comes from the concrete test class.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    /// <summary>For deserialization by the test runner.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc/>
    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        Type? testClass = TestMethod.TestClass.Class.ToRuntimeType();
        PropertyInfo? reason = testClass?.GetProperty("SkipReason", BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy);
        return reason?.GetValue(null) as string ?? base.GetSkipReason(factAttribute);
    }
}
