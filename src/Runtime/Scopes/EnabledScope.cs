using System;
using System.Threading;

namespace Memoize;

/// <summary>
/// One <c>Disable()</c> or <c>Enable()</c> scope of a manager. Scopes form a stack per flow of execution,
/// held in an <see cref="AsyncLocal{T}"/> so they follow <see langword="await"/>.
/// </summary>
internal sealed class EnabledScope : IDisposable
{
    private readonly AsyncLocal<EnabledScope?> _current;
    private readonly EnabledScope? _previous;
    private readonly Action _onDispose;
    private int _disposed;

    public EnabledScope(AsyncLocal<EnabledScope?> current, bool enabled, Action onDispose)
    {
        _current = current;
        _previous = current.Value;
        _onDispose = onDispose;
        Enabled = enabled;
        current.Value = this;
    }

    public bool Enabled { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Restore what was in force when the scope began, even if inner scopes were left undisposed.
        _current.Value = _previous;
        _onDispose();
    }
}
