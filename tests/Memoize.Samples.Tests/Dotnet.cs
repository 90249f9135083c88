using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

/// <summary>Runs the .NET CLI (pack, build, publish) the way a developer does, for tests that build from scratch.</summary>
public static class Dotnet
{
    /// <summary>Runs <c>dotnet {arguments}</c> and returns its output; fails the test, with that output, on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string workingDirectory, string arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(cancellation.Token);
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"dotnet {arguments} failed:\n{output}");
        return output;
    }
}
