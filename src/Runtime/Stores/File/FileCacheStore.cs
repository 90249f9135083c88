using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// A store on the file system: one file per key in a directory, named by the hash of the key, with the expiry
/// inside the file. Writes go to a temporary file that is then renamed over the old one, so a reader (in this or
/// another process) sees the old value or the new one, never half of one. Entries survive a restart.
/// </summary>
/// <remarks>
/// With <see cref="FileCacheStoreOptions.MaxBytes"/> or <see cref="FileCacheStoreOptions.MaxEntries"/> the store
/// deletes least recently used files to stay within the budget. Recency is tracked by this process and persisted in
/// the files' modification times, so a restarted process continues in the same order; entries another process
/// writes meanwhile are counted from the next start. Only files with the store's own extension are ever deleted.
/// </remarks>
public sealed class FileCacheStore : IEnumerableCacheStore, IPurgeableCacheStore
{
    private const string TempDirectoryName = ".tmp";

    private readonly string _root;
    private readonly string _temp;
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
        _temp = Path.Combine(_root, TempDirectoryName);
        _maxBytes = options.MaxBytes;
        _maxEntries = options.MaxEntries;
        _time = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_temp);
    }

    /// <summary>The full path of the cache directory.</summary>
    public string DirectoryPath => _root;

    private bool IsBounded => _maxBytes is not null || _maxEntries is not null;

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        string fileName = FileEntryFormat.FileNameOf(key);
        string path = PathOf(fileName);
        byte[]? file = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] file = FileEntryFormat.Write(key, value.Span, expiresAt);
        if (file.Length > _maxBytes)
        {
            // Never stored; and the previous value must not be read in its place.
            await RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            return;
        }

        string fileName = FileEntryFormat.FileNameOf(key);
        string path = PathOf(fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(_temp);
        string temporary = Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, file, cancellationToken).ConfigureAwait(false);
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
            byte[]? file = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (file is not null
                && FileEntryFormat.TryRead(file, out string key, out ReadOnlyMemory<byte> value, out DateTimeOffset? expiresAt)
                && (expiresAt is null || expiresAt > now))
            {
                yield return new KeyValuePair<string, StoredValue>(key, new StoredValue(value, expiresAt));
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        foreach (string path in EnumerateEntryFiles())
        {
            byte[]? file = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
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

    private string PathOf(string fileName) => Path.Combine(_root, fileName[..2], fileName);

    private IEnumerable<string> EnumerateEntryFiles()
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        return Directory.EnumerateFiles(_root, "*" + FileEntryFormat.Extension, SearchOption.AllDirectories);
    }

    private static async ValueTask<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
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
