using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

/// <summary>A sample started as its own process; its output is kept for the failure message.</summary>
public sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleProcess(Process process) => _process = process;

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string SampleOutput(string sample)
        => Path.Combine(RepositoryRoot, "samples", sample, "bin", Metadata("Configuration"), "net10.0");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SampleProcess Start(string sample, string arguments, string? workingDirectory = null)
    {
        string directory = SampleOutput(sample);
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(directory, sample + ".dll")}\" {arguments}")
        {
            WorkingDirectory = workingDirectory ?? directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var sampleProcess = new SampleProcess(new Process { StartInfo = info });
        sampleProcess._process.OutputDataReceived += (_, e) => sampleProcess.Append(e.Data);
        sampleProcess._process.ErrorDataReceived += (_, e) => sampleProcess.Append(e.Data);
        sampleProcess._process.Start();
        sampleProcess._process.BeginOutputReadLine();
        sampleProcess._process.BeginErrorReadLine();
        return sampleProcess;
    }

    public bool HasExited => _process.HasExited;

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new System.Threading.CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string Metadata(string key)
        => typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
