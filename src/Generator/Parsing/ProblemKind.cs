namespace Memoize.Generator.Parsing;

/// <summary>
/// Why a <c>[Cached]</c> method cannot be generated as written. The analyzers map each kind to one diagnostic id;
/// the generator emits nothing for a method that has any problem of error severity.
/// </summary>
internal enum ProblemKind
{
    /// <summary>The method is not a partial declaration without a body (or the user implemented it).</summary>
    MethodNotPartial,

    /// <summary>A containing type (at any level) is not partial.</summary>
    ContainingTypeNotPartial,

    /// <summary>There is no <c>{Name}Core</c> method.</summary>
    CoreMethodMissing,

    /// <summary>A <c>{Name}Core</c> method exists but its parameters or return type differ.</summary>
    CoreMethodMismatch,

    /// <summary>The method returns nothing, returns by reference, or returns a ref struct.</summary>
    UnsupportedReturn,

    /// <summary>The method returns a lazy sequence or query.</summary>
    LazySequenceReturn,

    /// <summary>A parameter is <c>ref</c>/<c>out</c>/<c>in</c>, a pointer or a ref struct.</summary>
    UnsupportedParameterKind,

    /// <summary>Minutes or Seconds is negative.</summary>
    InvalidDuration,

    /// <summary>KeyPrefix is empty or contains the key separator.</summary>
    InvalidKeyPrefix,

    /// <summary>A key parameter's type has no stable key text.</summary>
    UnsupportedKeyType,

    /// <summary><c>Unless</c> names no method of the type, or one that is not <c>bool M(TResult)</c>.</summary>
    UnlessInvalid,

    /// <summary>An <c>[InvalidatesCache]</c> target names no method of the type.</summary>
    InvalidationTargetNotFound,

    /// <summary>An <c>[InvalidatesCache]</c> target names several cached overloads that all match.</summary>
    InvalidationTargetAmbiguous,

    /// <summary>An <c>[InvalidatesCache]</c> target is a method without a usable <c>[Cached]</c>.</summary>
    InvalidationTargetNotCached,

    /// <summary>The invalidating method's parameters are not the target's key parameters (names and types).</summary>
    InvalidationParametersMismatch,

    /// <summary>The invalidating method returns something other than void, bool, Task, ValueTask or their bool forms.</summary>
    InvalidationReturnUnsupported,

    /// <summary>A resilience option is negative, the fail-safe throttle is not positive, or EagerRefresh is outside (0, 1).</summary>
    ResilienceOptionOutOfRange,

    /// <summary>SoftTimeoutMilliseconds is not shorter than HardTimeoutMilliseconds.</summary>
    SoftTimeoutNotShorterThanHard,

    /// <summary>A timeout is set on a method that returns its result directly, where it could only be honoured by blocking.</summary>
    TimeoutOnSynchronousMethod,

    // Warnings and information: the analyzers report them (src/Analyzers/WarningRules.cs); the generator still generates.

    /// <summary>The result type will not round-trip through the serializer of the method's store.</summary>
    NonRoundTrippableReturn,

    /// <summary>Two cached methods share a KeyPrefix and store and have as many key arguments.</summary>
    KeyCollision,

    /// <summary>The method names a store the assembly does not declare.</summary>
    UnknownStore,

    /// <summary>The Core method reads the clock, a random source or another input that is not in the key.</summary>
    AmbientInputInCore,

    /// <summary>The method's name says it changes state.</summary>
    StateChangingName,

    /// <summary><c>[NotCacheKey]</c> on a cancellation token, which is never part of the key.</summary>
    RedundantNotCacheKey,

    /// <summary>SoftTimeoutMilliseconds is set while the attribute does not turn fail-safe on: there may be no kept value to serve.</summary>
    SoftTimeoutWithoutFailSafe,
}
