using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Memoize.Stores.Tests.Support;

/// <summary>Runs the Memoize.StoreProcess helper as a separate operating-system process.</summary>
public static class StoreProcess
{
    public static string[] Run(params string[] arguments)
    {
        string helper = typeof(StoreProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "StoreProcessPath").Value!;
        Assert.True(File.Exists(helper), $"The helper process was not built at {helper}.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(helper);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "The helper process did not finish within a minute.");
        Assert.True(process.ExitCode == 0, $"The helper process failed ({process.ExitCode}): {error}");
        Assert.NotEqual(Environment.ProcessId, process.Id);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
