using System;
using System.Threading.Tasks;
using Memoize.Redis;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.ReliabilityTests.Subjects;
using Xunit.Abstractions;

namespace Memoize.ReliabilityTests.Redis;

/// <summary>A redis-server with <c>requirepass</c>: the right password caches; a wrong one is an error that says why, and memoized calls still work.</summary>
public sealed class RedisAuthenticationTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "correct-horse-battery-staple";
    private RedisServer? _server;

    [RedisFact]
    public async Task The_right_password_caches_and_a_wrong_one_fails_direct_calls_clearly_while_memoized_calls_compute()
    {
        // The fixture checks the server is up with unauthenticated commands, so the password is set once it is.
        _server = RedisServer.Start();
        await RequirePasswordAsync(_server.Port, Password);

        using (var store = new RedisCacheStore(Options($"{_server.Endpoint},password={Password}")))
        using (CacheManager manager = Manager(store))
        {
            await manager.Cache(Echo.StoreName).PutAsync("k", "v");
            Assert.Equal("v", await manager.Cache(Echo.StoreName).GetAsync<string>("k"));
        }

        using (var store = new RedisCacheStore(Options($"{_server.Endpoint},password=wrong")))
        using (CacheManager manager = Manager(store))
        {
            // The first failure can be the client's generic "no connection"; the authentication error follows as soon
            // as its handshake has been refused, well within a second.
            string message = "";
            for (int attempt = 0; attempt < 30 && !message.Contains("Authentication", StringComparison.Ordinal); attempt++)
            {
                Exception error = await Assert.ThrowsAnyAsync<Exception>(async () => await manager.Cache(Echo.StoreName).PutAsync("k", "v"));
                Assert.IsType<RedisStoreUnavailableException>(error);
                message = Describe(error);
                await Task.Delay(100);
            }

            output.WriteLine(message);
            Assert.Contains(_server.Endpoint, message, StringComparison.Ordinal);
            Assert.Contains("Authentication", message, StringComparison.Ordinal);
            Assert.DoesNotContain("password=wrong", message, StringComparison.Ordinal); // the password itself is never echoed

            var echo = new Echo(manager);
            Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));
        }
    }

    private static async Task RequirePasswordAsync(int port, string password)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        System.Net.Sockets.NetworkStream stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"CONFIG SET requirepass {password}\r\n"));
        byte[] reply = new byte[64];
        int read = await stream.ReadAsync(reply);
        Assert.StartsWith("+OK", System.Text.Encoding.ASCII.GetString(reply, 0, read), StringComparison.Ordinal);
    }

    private static string Describe(Exception error)
    {
        var text = new System.Text.StringBuilder();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            text.Append(e.GetType().Name).Append(": ").AppendLine(e.Message);
        }

        return text.ToString();
    }

    private static RedisCacheStoreOptions Options(string configuration) => new()
    {
        Configuration = configuration,
        KeyNamespace = "auth:",
        // Generous: this test is about the password, not about a busy machine's first round trip.
        OperationTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private static CacheManager Manager(RedisCacheStore store)
    {
        var manager = new CacheManager();
        manager.AddStore(Echo.StoreName, store);
        return manager;
    }

    public void Dispose() => _server?.Dispose();
}
