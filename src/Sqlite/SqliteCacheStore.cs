using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Microsoft.Data.Sqlite;

namespace Memoize;

/// <summary>
/// A store in an SQLite database: a file that survives restarts and is shared safely by several processes
/// (write-ahead log, immediate transactions, a busy timeout), or a private in-memory database. Optional LRU
/// eviction by entry count and/or bytes. Add, increment and pull are single transactions, so they are atomic
/// across processes too.
/// </summary>
/// <remarks>
/// One connection serves each store instance, used by one caller at a time; Microsoft.Data.Sqlite runs its
/// asynchronous methods synchronously, so a single serialized connection costs no parallelism it could have had.
/// With a budget, every read also records its use, so reads write to the database.
/// </remarks>
public sealed partial class SqliteCacheStore : IAtomicCacheStore, IEnumerableCacheStore, IPurgeableCacheStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private SqliteConnection? _connection;
    private long _resets;
    private long _lastFileCheck = Environment.TickCount64;
    private readonly TimeProvider _time;
    private readonly string _table;
    private readonly int? _maxEntries;
    private readonly long? _maxBytes;
    private bool _disposed;

    /// <summary>Opens (and creates when needed) the database and table of <paramref name="options"/>.</summary>
    /// <param name="options">Where the cache lives and its budget; an in-memory database when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that decides what has expired; the system clock by default.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public SqliteCacheStore(SqliteCacheStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new SqliteCacheStoreOptions();
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            throw new ArgumentException("SqliteCacheStoreOptions.DataSource must be a file path or \":memory:\".", nameof(options));
        }

        if (options.TableName is null || !TableNamePattern().IsMatch(options.TableName))
        {
            throw new ArgumentException($"SqliteCacheStoreOptions.TableName '{options.TableName}' must be letters, digits and underscores, not starting with a digit.", nameof(options));
        }

        if (options.MaxEntries is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxEntries, "SqliteCacheStoreOptions.MaxEntries must be positive, or null for no limit.");
        }

        if (options.MaxBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBytes, "SqliteCacheStoreOptions.MaxBytes must be positive, or null for no limit.");
        }

        if (options.BusyTimeoutMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeoutMilliseconds, "SqliteCacheStoreOptions.BusyTimeoutMilliseconds must not be negative.");
        }

        _time = timeProvider ?? TimeProvider.System;
        _table = options.TableName;
        _maxEntries = options.MaxEntries;
        _maxBytes = options.MaxBytes;
        IsInMemory = options.DataSource == SqliteCacheStoreOptions.InMemory;

        SQLitePCL.Batteries_V2.Init();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.DataSource,
            Mode = IsInMemory ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement itself for this many seconds on top of SQLite's busy
            // timeout (30 by default); without this a locked database would hold each call for half a minute.
            DefaultTimeout = Math.Max(1, (options.BusyTimeoutMilliseconds + 999) / 1000),
        };
        _connectionString = builder.ConnectionString;
        _busyTimeoutMilliseconds = options.BusyTimeoutMilliseconds;
        DataSource = options.DataSource;
        try
        {
            _connection = Open();
        }
        catch (SqliteException exception) when (!IsInMemory && IsDamaged(exception))
        {
            // A file that is not a database (or a corrupt one) is only a lost cache: start again with an empty one.
            Reset(exception.Message, deleteFiles: true);
            _connection = Open();
        }
    }

    /// <summary>The database file, or <see cref="SqliteCacheStoreOptions.InMemory"/>.</summary>
    public string DataSource { get; }

    /// <summary>
    /// How many times the store found its database file deleted, moved, corrupt or not a database, and opened a new
    /// empty one in its place. Entries are lost by a reset; calls are not.
    /// </summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>Why the last reset happened (the SQLite error), or <see langword="null"/> when there was none.</summary>
    public string? LastResetReason { get; private set; }

    /// <summary>Whether the database lives in memory (and disappears with the store).</summary>
    public bool IsInMemory { get; }

    private bool IsBounded => _maxEntries is not null || _maxBytes is not null;

    /// <inheritdoc/>
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(key, static (store, key) =>
        {
            Row? row = store.ReadRow(key, null);
            if (row is not null && store.IsBounded)
            {
                using SqliteCommand touch = store.Command($"UPDATE {store._table} SET last_used = {store.NextUse} WHERE key = $key;", null);
                touch.Parameters.AddWithValue("$key", key);
                touch.ExecuteNonQuery();
            }

            return row?.ToStoredValue();
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await RunAsync((key, value, expiresAt), static (store, s) =>
        {
            using SqliteTransaction transaction = store.Connection.BeginTransaction();
            store.Upsert(s.key, s.value, s.expiresAt, transaction);
            transaction.Commit();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(key, static (store, key) => store.Delete(key, null), cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync(0, static (store, _) =>
        {
            store.Execute($"DELETE FROM {store._table};");
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync((key, value, expiresAt), static (store, s) =>
        {
            using SqliteTransaction transaction = store.Connection.BeginTransaction();
            if (store.ReadRow(s.key, transaction) is { } existing && existing.IsLive(store._time.GetUtcNow()))
            {
                return false;
            }

            bool stored = store.Upsert(s.key, s.value, s.expiresAt, transaction);
            transaction.Commit();
            return stored;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync((key, delta, expiresAtIfCreated), static (store, s) =>
        {
            using SqliteTransaction transaction = store.Connection.BeginTransaction();
            long current = 0;
            DateTimeOffset? expiresAt = s.expiresAtIfCreated;
            if (store.ReadRow(s.key, transaction) is { } row && row.IsLive(store._time.GetUtcNow()))
            {
                if (!CachePayloadFormat.TryReadInteger(row.Value, out current))
                {
                    throw new InvalidOperationException($"The value under the key '{s.key}' is not an integer, so it cannot be incremented.");
                }

                expiresAt = row.ExpiresAt;
            }

            long result;
            try
            {
                result = checked(current + s.delta);
            }
            catch (OverflowException)
            {
                throw new OverflowException($"Adding {s.delta} to the value {current} under the key '{s.key}' overflows a 64-bit integer.");
            }

            store.Upsert(s.key, CachePayloadFormat.WriteInteger(result), expiresAt, transaction);
            transaction.Commit();
            return result;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(key, static (store, key) =>
        {
            using SqliteTransaction transaction = store.Connection.BeginTransaction();
            Row? row = store.ReadRow(key, transaction);
            if (row is not null)
            {
                store.Delete(key, transaction);
            }

            transaction.Commit();
            return row?.ToStoredValue();
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Rows are read first so no lock is held while the caller works on each one.
        List<KeyValuePair<string, StoredValue>> rows = await RunAsync(0, static (store, _) =>
        {
            var rows = new List<KeyValuePair<string, StoredValue>>();
            using SqliteCommand select = store.Command($"SELECT key, value, expires_at FROM {store._table} WHERE expires_at IS NULL OR expires_at > $now ORDER BY key;", null);
            select.Parameters.AddWithValue("$now", store._time.GetUtcNow().UtcTicks);
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                var row = new Row((byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
                rows.Add(new KeyValuePair<string, StoredValue>(reader.GetString(0), row.ToStoredValue()));
            }

            return rows;
        }, cancellationToken).ConfigureAwait(false);

        foreach (KeyValuePair<string, StoredValue> row in rows)
        {
            yield return row;
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => RunAsync(now, static (store, now) =>
        {
            using SqliteCommand delete = store.Command($"DELETE FROM {store._table} WHERE expires_at IS NOT NULL AND expires_at <= $now;", null);
            delete.Parameters.AddWithValue("$now", now.UtcTicks);
            return (long)delete.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>How many entries the table holds, expired ones included until they are purged or evicted.</summary>
    /// <returns>The row count.</returns>
    public long Count()
    {
        ValueTask<long> count = RunAsync(0, static (store, _) =>
        {
            using SqliteCommand count = store.Command($"SELECT COUNT(*) FROM {store._table};", null);
            return (long)count.ExecuteScalar()!;
        }, CancellationToken.None);
        return count.IsCompletedSuccessfully ? count.Result : count.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Closes the database connection.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _gate.Wait();
        try
        {
            _disposed = true;
            _connection?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private string NextUse => $"(SELECT COALESCE(MAX(last_used), 0) + 1 FROM {_table})";

    private SqliteConnection Connection => _connection ??= Open();

    /// <summary>
    /// Runs one operation on the connection, one caller at a time. When the database file turns out to be deleted,
    /// moved, corrupt or not a database, the store opens a new empty one in its place and runs the operation once
    /// more there: a cache that lost its entries still works. Other errors (a lock held too long) are the caller's.
    /// </summary>
    private async ValueTask<T> RunAsync<TState, T>(TState state, Func<SqliteCacheStore, TState, T> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CheckFileStillExists();
            try
            {
                return operation(this, state);
            }
            catch (SqliteException exception) when (!IsInMemory && (IsDamaged(exception) || IsGone(exception)))
            {
                Reset(exception.Message, deleteFiles: IsDamaged(exception));
                return operation(this, state);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens the database, applies the connection settings and creates the table when missing.</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)};");
            if (!IsInMemory)
            {
                Execute(connection, "PRAGMA journal_mode = WAL;");
                Execute(connection, "PRAGMA synchronous = NORMAL;");
            }

            Execute(connection, $"""
                CREATE TABLE IF NOT EXISTS {_table} (
                    key TEXT NOT NULL PRIMARY KEY,
                    value BLOB NOT NULL,
                    expires_at INTEGER NULL,
                    last_used INTEGER NOT NULL,
                    size INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS {_table}_last_used ON {_table} (last_used);
                CREATE INDEX IF NOT EXISTS {_table}_expires_at ON {_table} (expires_at);
                """);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Drops the connection; a damaged file (and its journal) is deleted so the next open starts empty.</summary>
    private void Reset(string reason, bool deleteFiles)
    {
        _connection?.Dispose();
        _connection = null;
        if (deleteFiles)
        {
            foreach (string suffix in (ReadOnlySpan<string>)["", "-wal", "-shm", "-journal"])
            {
                try
                {
                    File.Delete(DataSource + suffix);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The open that follows reports what is wrong with the file.
                }
            }
        }

        LastResetReason = reason;
        Interlocked.Increment(ref _resets);
    }

    /// <summary>
    /// A database file deleted under an open connection stays readable and writable through it, but nothing written
    /// there survives or is shared; at most once a second the store checks the file is still there, and opens a new
    /// one when it is not.
    /// </summary>
    private void CheckFileStillExists()
    {
        long now = Environment.TickCount64;
        if (IsInMemory || _connection is null || now - _lastFileCheck < 1000)
        {
            return;
        }

        _lastFileCheck = now;
        if (!File.Exists(DataSource))
        {
            Reset($"The database file '{DataSource}' was deleted or moved.", deleteFiles: false);
        }
    }

    // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the bytes of the file are not a usable database.
    private static bool IsDamaged(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) is 11 or 26;

    // SQLITE_READONLY_DBMOVED (1032): the file was deleted or renamed under the open connection; SQLITE_IOERR (10)
    // and SQLITE_CANTOPEN (14): the file or its journal cannot be reached any more.
    private static bool IsGone(SqliteException exception)
        => exception.SqliteExtendedErrorCode == 1032 || (exception.SqliteErrorCode & 0xFF) is 10 or 14;

    /// <summary>Writes an entry and evicts what the budget requires; an entry larger than the byte budget is not stored.</summary>
    private bool Upsert(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, SqliteTransaction transaction)
    {
        if (value.Length > _maxBytes)
        {
            Delete(key, transaction);
            return false;
        }

        using SqliteCommand upsert = Command($"""
            INSERT INTO {_table} (key, value, expires_at, last_used, size) VALUES ($key, $value, $expires, {NextUse}, $size)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, last_used = excluded.last_used, size = excluded.size;
            """, transaction);
        upsert.Parameters.AddWithValue("$key", key);
        upsert.Parameters.Add("$value", SqliteType.Blob).Value = value.ToArray();
        upsert.Parameters.AddWithValue("$expires", expiresAt is { } at ? at.UtcTicks : DBNull.Value);
        upsert.Parameters.AddWithValue("$size", value.Length);
        upsert.ExecuteNonQuery();
        if (IsBounded)
        {
            Evict(key, transaction);
        }

        return true;
    }

    /// <summary>Deletes expired entries first, then least recently used ones, until the budget holds (never <paramref name="keep"/>).</summary>
    private void Evict(string keep, SqliteTransaction transaction)
    {
        long count;
        long bytes;
        using (SqliteCommand totals = Command($"SELECT COUNT(*), COALESCE(SUM(size), 0) FROM {_table};", transaction))
        using (SqliteDataReader reader = totals.ExecuteReader())
        {
            reader.Read();
            count = reader.GetInt64(0);
            bytes = reader.GetInt64(1);
        }

        if (!(count > _maxEntries || bytes > _maxBytes))
        {
            return;
        }

        var victims = new List<string>();
        using (SqliteCommand candidates = Command($"""
            SELECT key, size FROM {_table} WHERE key <> $keep
            ORDER BY CASE WHEN expires_at IS NOT NULL AND expires_at <= $now THEN 0 ELSE 1 END, last_used;
            """, transaction))
        {
            candidates.Parameters.AddWithValue("$keep", keep);
            candidates.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
            using SqliteDataReader reader = candidates.ExecuteReader();
            while ((count > _maxEntries || bytes > _maxBytes) && reader.Read())
            {
                victims.Add(reader.GetString(0));
                count--;
                bytes -= reader.GetInt64(1);
            }
        }

        foreach (string victim in victims)
        {
            Delete(victim, transaction);
        }
    }

    private Row? ReadRow(string key, SqliteTransaction? transaction)
    {
        using SqliteCommand select = Command($"SELECT value, expires_at FROM {_table} WHERE key = $key;", transaction);
        select.Parameters.AddWithValue("$key", key);
        using SqliteDataReader reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new Row((byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
    }

    private bool Delete(string key, SqliteTransaction? transaction)
    {
        using SqliteCommand delete = Command($"DELETE FROM {_table} WHERE key = $key;", transaction);
        delete.Parameters.AddWithValue("$key", key);
        return delete.ExecuteNonQuery() > 0;
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        SqliteCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql) => Execute(Connection, sql);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TableNamePattern();

    private sealed record Row(byte[] Value, DateTimeOffset? ExpiresAt)
    {
        public bool IsLive(DateTimeOffset now) => ExpiresAt is not { } at || at > now;

        public StoredValue ToStoredValue() => new(Value, ExpiresAt);
    }
}
