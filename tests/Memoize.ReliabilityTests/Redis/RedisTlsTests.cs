using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Memoize.Redis;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.ReliabilityTests.Subjects;
using Memoize.Testing;

namespace Memoize.ReliabilityTests.Redis;

/// <summary>
/// A redis-server that only speaks TLS, with a certificate authority and server certificate made by openssl for this
/// test: the store connects through TLS when told to trust that authority, and refuses the server otherwise (and its
/// start-up check says why).
/// </summary>
public sealed class RedisTlsTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private Process? _server;

    [RedisFact]
    public async Task A_tls_only_redis_with_a_test_certificate_caches_when_its_authority_is_trusted_and_is_refused_otherwise()
    {
        string authorityPath = MakeCertificates();
        int port = FreePort.Next();
        StartTlsServer(port);
        string configuration = $"127.0.0.1:{port},ssl=true,sslHost=localhost";
        using X509Certificate2 authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);

        using (var trusted = new RedisCacheStore(Options(configuration, authority)))
        using (var manager = new CacheManager())
        {
            manager.AddStore(Echo.StoreName, trusted);
            await WaitUntilWritableAsync(manager.Cache(Echo.StoreName));
            await manager.ValidateStoresAsync();
            Assert.Equal("over tls", await manager.Cache(Echo.StoreName).GetAsync<string>("k"));
            var echo = new Echo(manager);
            echo.Describe("t", 1);
            echo.Describe("t", 1);
            Assert.Equal(1, echo.Calls);
            Assert.True(trusted.Hits > 0);
        }

        using (var untrusted = new RedisCacheStore(Options(configuration, null)))
        using (var manager = new CacheManager())
        {
            manager.AddStore(Echo.StoreName, untrusted);

            // A certificate the store does not trust never starts working by itself: the start-up check says so.
            MemoizeConfigurationException refused = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => manager.ValidateStoresAsync());
            Assert.Contains($"Redis at 127.0.0.1:{port} could not be connected to over TLS", refused.Message, StringComparison.Ordinal);
            Assert.Contains("TrustedCertificateAuthority", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<RedisStoreUnavailableException>(async () => await manager.Cache(Echo.StoreName).PutAsync("k", "v"));
        }
    }

    private static async Task WaitUntilWritableAsync(ICache cache)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await cache.PutAsync("k", "over tls");
                return;
            }
            catch (RedisStoreUnavailableException) when (waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(300);
            }
        }
    }

    private static RedisCacheStoreOptions Options(string configuration, X509Certificate2? authority) => new()
    {
        Configuration = configuration,
        KeyNamespace = "tls:",
        TrustedCertificateAuthority = authority,
        OperationTimeout = TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(2),
        BreakDuration = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>A throw-away authority and a server certificate for localhost and 127.0.0.1 signed by it; returns the authority's path.</summary>
    private string MakeCertificates()
    {
        File.WriteAllText(_directory.File("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        OpenSsl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=Memoize-Test-CA");
        OpenSsl("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost");
        OpenSsl("x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 1 -extfile san.ext");
        return _directory.File("ca.crt");
    }

    private void OpenSsl(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { WorkingDirectory = _directory.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {arguments}: {errors}");
    }

    private void StartTlsServer(int port)
    {
        var start = new ProcessStartInfo(RedisServer.Executable!) { WorkingDirectory = _directory.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            "--port", "0", "--tls-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt", "--tls-auth-clients", "no",
            "--save", "", "--appendonly", "no", "--dir", _directory.Path,
        })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
    }

    public void Dispose()
    {
        if (_server is { HasExited: false } server)
        {
            server.Kill();
            server.WaitForExit(5000);
        }

        _server?.Dispose();
        _directory.Dispose();
    }
}
