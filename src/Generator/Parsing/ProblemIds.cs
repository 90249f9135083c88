namespace Memoize.Generator.Parsing;

/// <summary>
/// The diagnostic id of each error kind, for the message of a stub the generator writes in place of a method it
/// cannot generate. The analyzers' descriptors use the same ids (a test checks they agree).
/// </summary>
internal static class ProblemIds
{
    public static string Of(ProblemKind kind) => kind switch
    {
        ProblemKind.MethodNotPartial => "MEMO001",
        ProblemKind.ContainingTypeNotPartial => "MEMO002",
        ProblemKind.CoreMethodMissing => "MEMO003",
        ProblemKind.CoreMethodMismatch => "MEMO004",
        ProblemKind.UnsupportedReturn => "MEMO005",
        ProblemKind.LazySequenceReturn => "MEMO006",
        ProblemKind.UnsupportedParameterKind => "MEMO007",
        ProblemKind.InvalidDuration => "MEMO008",
        ProblemKind.InvalidKeyPrefix => "MEMO009",
        ProblemKind.UnsupportedKeyType => "MEMO010",
        ProblemKind.UnlessInvalid => "MEMO011",
        ProblemKind.InvalidationTargetNotFound => "MEMO012",
        ProblemKind.InvalidationTargetAmbiguous => "MEMO013",
        ProblemKind.InvalidationTargetNotCached => "MEMO014",
        ProblemKind.InvalidationParametersMismatch => "MEMO015",
        ProblemKind.InvalidationReturnUnsupported => "MEMO016",
        ProblemKind.ResilienceOptionOutOfRange => "MEMO017",
        ProblemKind.SoftTimeoutNotShorterThanHard => "MEMO018",
        ProblemKind.TimeoutOnSynchronousMethod => "MEMO019",
        ProblemKind.NonRoundTrippableReturn => "MEMO020",
        ProblemKind.KeyCollision => "MEMO021",
        ProblemKind.UnknownStore => "MEMO022",
        ProblemKind.AmbientInputInCore => "MEMO023",
        ProblemKind.StateChangingName => "MEMO024",
        ProblemKind.RedundantNotCacheKey => "MEMO025",
        ProblemKind.SoftTimeoutWithoutFailSafe => "MEMO026",
        _ => "MEMO000",
    };
}
