using System;

namespace Memoize.ReliabilityTests.Support;

/// <summary>
/// Long variants run when <c>MEMOIZE_SOAK=1</c>; the normal suite runs the short ones so it stays fast in CI.
/// </summary>
public static class Soak
{
    public static bool Enabled => Environment.GetEnvironmentVariable("MEMOIZE_SOAK") == "1";

    /// <summary>The short figure normally, the long one under soak.</summary>
    public static int Scale(int ci, int soak) => Enabled ? soak : ci;
}
