using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Memoize.Generator.Tests.Support;

/// <summary>
/// Compares generated source with a checked-in snapshot, <c>Snapshots/{Class}.{Test}#{HintName}.verified.cs</c>.
/// On a mismatch it writes <c>*.received.cs</c> beside it and fails. Set <c>MEMOIZE_ACCEPT_SNAPSHOTS=1</c> to
/// accept the received text as the new snapshot; under <c>CI=true</c> snapshots are never written or accepted.
/// </summary>
internal static class Snapshot
{
    /// <summary>The project's Snapshots folder, recorded in the test assembly when it is built.</summary>
    private static readonly string SnapshotDirectory = System.Linq.Enumerable.Single(
        typeof(Snapshot).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false),
        static a => ((System.Reflection.AssemblyMetadataAttribute)a).Key == "SnapshotDirectory") is System.Reflection.AssemblyMetadataAttribute { Value: { } value }
        ? value
        : throw new InvalidOperationException("The test assembly does not record its snapshot directory.");

    public static void Match(string actual, string hintName, string testClass, [CallerMemberName] string test = "")
    {
        string directory = SnapshotDirectory;
        string baseName = $"{testClass}.{test}#{Path.GetFileNameWithoutExtension(hintName)}";
        string verifiedPath = Path.Combine(directory, baseName + ".verified.cs");
        string receivedPath = Path.Combine(directory, baseName + ".received.cs");
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        bool accept = !ci && Environment.GetEnvironmentVariable("MEMOIZE_ACCEPT_SNAPSHOTS") == "1";

        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (verified == actual)
        {
            if (!ci && File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            return;
        }

        if (!ci)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
        }

        Assert.Fail(verified is null
            ? $"No snapshot {verifiedPath}. Review {receivedPath} and rerun with MEMOIZE_ACCEPT_SNAPSHOTS=1 to accept it."
            : $"Generated source differs from {verifiedPath}. Compare with {receivedPath}; rerun with MEMOIZE_ACCEPT_SNAPSHOTS=1 to accept.\n--- actual ---\n{actual}");
    }
}
