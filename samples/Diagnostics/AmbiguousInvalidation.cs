using System.Threading;
using Memoize;

namespace Diagnostics;

// MEMO014: both Lookup overloads take the key (int id), so ForgetLookup is ambiguous. Cached overloads whose keys are
// the same currently make the generator emit a duplicate LookupCacheKey helper (CS0111), and a compiler error stops
// the build before any analyzer message is printed. This file is only compiled with -p:ShowAmbiguousInvalidation=true.

/// <summary>Two cached overloads with one key.</summary>
public partial class AmbiguousInvalidation
{
    [Cached]
    public partial string Lookup(int id);
    private string LookupCore(int id) => "";

    [Cached]
    public partial string Lookup(int id, CancellationToken cancellationToken);
    private string LookupCore(int id, CancellationToken cancellationToken) => "";

    [InvalidatesCache(nameof(Lookup))]
    public partial void ForgetLookup(int id);
}
