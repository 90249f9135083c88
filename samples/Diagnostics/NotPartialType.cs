using Memoize;

namespace Diagnostics;

// MEMO002: Outer is not partial, so Memoize cannot add the body of Lookup. No implementation can be generated
// into a type that is not partial, so the compiler reports CS8795 here too, and a compiler error stops the build
// before any analyzer message is printed. This file is only compiled with -p:ShowNotPartialType=true.

/// <summary>Not partial.</summary>
public class Outer
{
    /// <summary>Partial, inside a type that is not.</summary>
    public partial class Inner
    {
        [Cached]
        public partial int Lookup(int id);
        private int LookupCore(int id) => id;
    }
}
