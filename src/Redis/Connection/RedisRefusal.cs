using System;
using System.Globalization;
using System.Security.Authentication;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// Tells a Redis that refuses the store's configuration (password, TLS, database, permissions) from one that cannot
/// be reached, from the client's exceptions, and says which setting to check. Messages name the endpoints and never
/// the password.
/// </summary>
/// <remarks>
/// The client reports a wrong password, like a missing one, as the connection's
/// <see cref="ConnectionFailureType.AuthenticationFailure"/> (its detail is the NOAUTH reply to the handshake's next
/// command), so the two are told apart by whether the configuration has a password; a refused TLS handshake is
/// reported with the same failure type, carrying the handshake's <see cref="AuthenticationException"/>. A command sent
/// while no connection is up fails at once with the connection's failure inside (the store's own multiplexer fails
/// fast rather than queueing), which is how the start-up check sees it.
/// </remarks>
internal static class RedisRefusal
{
    private const string Where = "the store's configuration (RedisCacheStoreOptions.Configuration, or the store's ConnectionString in Memoize configuration)";

    /// <summary>What Redis refused and what to check, or <see langword="null"/> when <paramref name="exception"/> is not a refusal.</summary>
    public static string? Describe(Exception exception, string endpoints, ConfigurationOptions configuration)
    {
        bool authenticationFailed = false;
        AuthenticationException? handshake = null;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException tls:
                    handshake ??= tls;
                    break;
                case RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }:
                    authenticationFailed = true;
                    break;
                case RedisServerException reply when IsPasswordReply(reply.Message):
                    authenticationFailed = true;
                    break;
                case RedisServerException reply when reply.Message.StartsWith("NOPERM", StringComparison.Ordinal):
                    return $"Redis at {endpoints} does not let the configured user run the store's commands ({reply.Message}); give that user access to the store's keys, or configure another user in {Where}.";
                case RedisServerException reply when reply.Message.Contains("DB index", StringComparison.OrdinalIgnoreCase):
                    return DatabaseRefused(endpoints, configuration, reply.Message);
                case RedisCommandException command when command.Message.Contains("database does not exist", StringComparison.OrdinalIgnoreCase):
                    return DatabaseRefused(endpoints, configuration, command.Message);
            }
        }

        if (handshake is not null)
        {
            return $"Redis at {endpoints} could not be connected to over TLS: {handshake.Message.TrimEnd('.')}. Check ssl=, sslHost= in {Where}, and RedisCacheStoreOptions.TrustedCertificateAuthority for a private certificate authority.";
        }

        if (!authenticationFailed)
        {
            return null;
        }

        return string.IsNullOrEmpty(configuration.Password)
            ? $"Redis at {endpoints} requires a password (NOAUTH) and none is configured; add password=... to {Where}."
            : $"Redis at {endpoints} rejected the password (authentication failed); check the password= setting of {Where}.";
    }

    /// <summary>
    /// Whether the failure is the client's bare "no connection is available", which it reports before it knows
    /// why connecting failed; anything more specific (a socket error, a refused handshake, a timeout) explains it.
    /// </summary>
    public static bool IsUnexplained(Exception exception)
    {
        Exception innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost is RedisConnectionException { FailureType: ConnectionFailureType.UnableToResolvePhysicalConnection };
    }

    private static bool IsPasswordReply(string message)
        => message.StartsWith("NOAUTH", StringComparison.Ordinal)
        || message.StartsWith("WRONGPASS", StringComparison.Ordinal)
        || message.Contains("invalid password", StringComparison.OrdinalIgnoreCase);

    private static string DatabaseRefused(string endpoints, ConfigurationOptions configuration, string reason)
        => $"Redis at {endpoints} has no database {(configuration.DefaultDatabase ?? 0).ToString(CultureInfo.InvariantCulture)} ({reason}); check defaultDatabase= in {Where}.";
}
