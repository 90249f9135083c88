using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

/// <summary>Runs a program the way a developer does (the .NET CLI, or an app a test built) and hands back its output.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <c>dotnet {arguments}</c>; fails the test, with the output, on a non-zero exit.</summary>
    public static Task<string> DotnetAsync(string workingDirectory, string arguments, TimeSpan? timeout = null)
        => RunAsync("dotnet", workingDirectory, arguments, timeout ?? TimeSpan.FromMinutes(8));

    /// <summary>Runs <paramref name="fileName"/> and returns its standard output followed by its standard error; fails the test, with both, on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string fileName, string workingDirectory, string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName, arguments)
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
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{fileName} {arguments} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
