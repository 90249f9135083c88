using System;

namespace Memoize;

/// <summary>A Memoize setting is wrong; the message names the setting by its configuration path.</summary>
public sealed class MemoizeConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MemoizeConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message that names the setting.</summary>
    /// <param name="message">The message.</param>
    public MemoizeConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MemoizeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
