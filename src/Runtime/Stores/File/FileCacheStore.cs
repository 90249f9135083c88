using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Microsoft.Win32.SafeHandles;

namespace Memoize;

/// <summary>
/// A store on the file system: one file per key in a directory, named by the hash of the key, with the expiry
/// inside the file. Writes go to a temporary file that is then renamed over the old one, so a reader (in this or
/// another process) sees the old value or the new one, never half of one. Entries survive a restart.
/// </summary>
/// <remarks>
/// <para>
/// Entries are small, so the store reads and writes them synchronously and its operations complete before they
/// return. The asynchronous file API of .NET on Linux and macOS runs the same system calls on a thread-pool thread
/// and then wakes the caller: two thread switches that cost more than reading a cache entry, and on a busy machine
/// (eight threads on two cores) made a read take over a millisecond instead of about a hundred microseconds.
/// </para>
/// <para>
/// With <see cref="FileCacheStoreOptions.MaxBytes"/> or <see cref="FileCacheStoreOptions.MaxEntries"/> the store
/// deletes least recently used files to stay within the budget. Recency is tracked by this process and persisted in
/// the files' modification times, so a restarted process continues in the same order; entries another process
/// writes meanwhile are counted from the next start. Only files with the store's own extension are ever deleted.
/// </para>
/// </remarks>
public sealed class FileCacheStore : IEnumerableCacheStore, IPurgeableCacheStore
{
    private const string TemporaryExtension = ".tmp";

    private readonly string _root;
    private readonly long? _maxBytes;
    private readonly int? _maxEntries;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private Dictionary<string, Usage>? _usage;
    private SortedSet<(long Sequence, string FileName)>? _recency;
    private long _sequence;
    private long _totalBytes;

    /// <summary>Creates a file store over the directory of <paramref name="options"/>.</summary>
    /// <param name="options">The directory and optional budget.</param>
    /// <param name="timeProvider">The clock that decides which entries a listing skips as expired; system clock by default.</param>
    /// <exception cref="ArgumentException">The directory is missing, or a budget is not positive.</exception>
    public FileCacheStore(FileCacheStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("FileCacheStoreOptions.Directory must name a directory.", nameof(options));
        }

        if (options.MaxBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBytes, "FileCacheStoreOptions.MaxBytes must be positive, or null for no limit.");
        }

        if (options.MaxEntries is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxEntries, "FileCacheStoreOptions.MaxEntries must be positive, or null for no limit.");
        }

        _root = Path.GetFullPath(options.Directory);
        _maxBytes = options.MaxBytes;
        _maxEntries = options.MaxEntries;
        _time = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_root);
    }

    /// <summary>The full path of the cache directory.</summary>
    public string DirectoryPath => _root;

    private bool IsBounded => _maxBytes is not null || _maxEntries is not null;

    /// <inheritdoc/>
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<StoredValue?>(cancellationToken);
        }

        try
        {
            return new(Get(key));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<StoredValue?>(exception);
        }
    }

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            Set(key, value.Span, expiresAt);
            return ValueTask.CompletedTask;
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        string fileName = FileEntryFormat.FileNameOf(key);
        bool existed = TryDelete(PathOf(fileName));
        if (IsBounded)
        {
            Forget(fileName);
        }

        return new(existed);
    }

    /// <inheritdoc/>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        foreach (string path in EnumerateEntryFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            TryDelete(path);
        }

        lock (_gate)
        {
            _usage = null;
            _recency = null;
            _totalBytes = 0;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (string path in EnumerateEntryFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[]? file = ReadFile(path);
            if (file is not null
                && FileEntryFormat.TryRead(file, out string key, out ReadOnlyMemory<byte> value, out DateTimeOffset? expiresAt)
                && (expiresAt is null || expiresAt > now))
            {
                yield return new KeyValuePair<string, StoredValue>(key, new StoredValue(value, expiresAt));
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            return new(PurgeExpired(now, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<long>(exception);
        }
    }

    private long PurgeExpired(DateTimeOffset now, CancellationToken cancellationToken)
    {
        long removed = 0;
        foreach (string path in EnumerateEntryFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[]? file = ReadFile(path);
            if (file is not null
                && FileEntryFormat.TryRead(file, out _, out _, out DateTimeOffset? expiresAt)
                && expiresAt <= now
                && TryDelete(path))
            {
                removed++;
                if (IsBounded)
                {
                    Forget(Path.GetFileName(path));
                }
            }
        }

        return removed;
    }

    private StoredValue? Get(string key)
    {
        string fileName = FileEntryFormat.FileNameOf(key);
        string path = PathOf(fileName);
        byte[]? file = ReadFile(path);
        if (file is null || !FileEntryFormat.TryRead(file, out string storedKey, out ReadOnlyMemory<byte> value, out DateTimeOffset? expiresAt) || storedKey != key)
        {
            return null;
        }

        if (IsBounded)
        {
            MarkUsed(fileName, path);
        }

        return new StoredValue(value, expiresAt);
    }

    private void Set(string key, ReadOnlySpan<byte> value, DateTimeOffset? expiresAt)
    {
        byte[] file = FileEntryFormat.Write(key, value, expiresAt);
        string fileName = FileEntryFormat.FileNameOf(key);
        string path = PathOf(fileName);
        if (file.Length > _maxBytes)
        {
            // Never stored; and the previous value must not be read in its place.
            TryDelete(path);
            Forget(fileName);
            return;
        }

        // The temporary file is written next to its destination. A rename within one directory locks that directory
        // only; a rename out of one shared temporary directory takes the file system's rename lock, and every
        // writer's file creation waits on that one directory.
        string directory = Path.GetDirectoryName(path)!;
        string temporary = Path.Combine(directory, Guid.NewGuid().ToString("N") + TemporaryExtension);
        try
        {
            try
            {
                WriteNewFile(temporary, file);
            }
            catch (Exception exception) when (exception is DirectoryNotFoundException or FileNotFoundException)
            {
                // Creating a file fails this way only when its directory is missing: the first entry of this shard
                // (perhaps being written by another thread right now), or the cache directory was removed. Created
                // here rather than checked before every write.
                Directory.CreateDirectory(directory);
                WriteNewFile(temporary, file);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        if (IsBounded)
        {
            foreach (string victim in RecordAndSelectVictims(fileName, file.Length))
            {
                TryDelete(PathOf(victim));
            }
        }
    }

    private string PathOf(string fileName) => Path.Combine(_root, fileName[..2], fileName);

    private IEnumerable<string> EnumerateEntryFiles()
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        return Directory.EnumerateFiles(_root, "*" + FileEntryFormat.Extension, SearchOption.AllDirectories);
    }

    private static byte[]? ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes a file that must not exist yet. Unlike <see cref="File.WriteAllBytes(string, byte[])"/> it asks for no
    /// preallocation, which on Linux is an <c>fallocate</c> system call per entry that a file of a few hundred bytes
    /// does not need.
    /// </summary>
    private static void WriteNewFile(string path, byte[] bytes)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, bytes, 0);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void MarkUsed(string fileName, string path)
    {
        lock (_gate)
        {
            EnsureIndex();
            if (_usage!.TryGetValue(fileName, out Usage usage))
            {
                _recency!.Remove((usage.Sequence, fileName));
                usage = usage with { Sequence = ++_sequence };
                _usage[fileName] = usage;
                _recency.Add((usage.Sequence, fileName));
            }
        }

        // Persist recency for the next process; a failure only makes the order less exact.
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void Forget(string fileName)
    {
        lock (_gate)
        {
            if (_usage is not null && _usage.Remove(fileName, out Usage usage))
            {
                _recency!.Remove((usage.Sequence, fileName));
                _totalBytes -= usage.Size;
            }
        }
    }

    private List<string> RecordAndSelectVictims(string fileName, long size)
    {
        var victims = new List<string>();
        lock (_gate)
        {
            EnsureIndex();
            if (_usage!.Remove(fileName, out Usage previous))
            {
                _recency!.Remove((previous.Sequence, fileName));
                _totalBytes -= previous.Size;
            }

            while (_recency!.Count > 0 && (_usage.Count + 1 > _maxEntries || _totalBytes + size > _maxBytes))
            {
                (long _, string oldest) = _recency.Min;
                _recency.Remove(_recency.Min);
                _totalBytes -= _usage[oldest].Size;
                _usage.Remove(oldest);
                victims.Add(oldest);
            }

            var usage = new Usage(size, ++_sequence);
            _usage[fileName] = usage;
            _recency.Add((usage.Sequence, fileName));
            _totalBytes += size;
        }

        return victims;
    }

    /// <summary>Builds the recency index from the files on disk, oldest modification first.</summary>
    private void EnsureIndex()
    {
        if (_usage is not null)
        {
            return;
        }

        var files = new List<FileInfo>();
        foreach (string path in EnumerateEntryFiles())
        {
            files.Add(new FileInfo(path));
        }

        files.Sort(static (a, b) => a.LastWriteTimeUtc.CompareTo(b.LastWriteTimeUtc));
        _usage = new Dictionary<string, Usage>(StringComparer.Ordinal);
        _recency = [];
        _totalBytes = 0;
        foreach (FileInfo file in files)
        {
            try
            {
                var usage = new Usage(file.Length, ++_sequence);
                _usage[file.Name] = usage;
                _recency.Add((usage.Sequence, file.Name));
                _totalBytes += usage.Size;
            }
            catch (FileNotFoundException)
            {
            }
        }
    }

    private readonly record struct Usage(long Size, long Sequence);
}
