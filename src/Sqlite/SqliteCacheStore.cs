using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
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
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
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
        };
        _connection = new SqliteConnection(builder.ConnectionString);
        _connection.Open();
        Execute($"PRAGMA busy_timeout = {options.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)};");
        if (!IsInMemory)
        {
            Execute("PRAGMA journal_mode = WAL;");
            Execute("PRAGMA synchronous = NORMAL;");
        }

        Execute($"""
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
    }

    /// <summary>Whether the database lives in memory (and disappears with the store).</summary>
    public bool IsInMemory { get; }

    private bool IsBounded => _maxEntries is not null || _maxBytes is not null;

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Row? row = ReadRow(key, null);
            if (row is not null && IsBounded)
            {
                using SqliteCommand touch = Command($"UPDATE {_table} SET last_used = {NextUse} WHERE key = $key;", null);
                touch.Parameters.AddWithValue("$key", key);
                touch.ExecuteNonQuery();
            }

            return row?.ToStoredValue();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            Upsert(key, value, expiresAt, transaction);
            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Delete(key, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Execute($"DELETE FROM {_table};");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            if (ReadRow(key, transaction) is { } existing && existing.IsLive(_time.GetUtcNow()))
            {
                return false;
            }

            bool stored = Upsert(key, value, expiresAt, transaction);
            transaction.Commit();
            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            long current = 0;
            DateTimeOffset? expiresAt = expiresAtIfCreated;
            if (ReadRow(key, transaction) is { } row && row.IsLive(_time.GetUtcNow()))
            {
                if (!CachePayloadFormat.TryReadInteger(row.Value, out current))
                {
                    throw new InvalidOperationException($"The value under the key '{key}' is not an integer, so it cannot be incremented.");
                }

                expiresAt = row.ExpiresAt;
            }

            long result;
            try
            {
                result = checked(current + delta);
            }
            catch (OverflowException)
            {
                throw new OverflowException($"Adding {delta} to the value {current} under the key '{key}' overflows a 64-bit integer.");
            }

            Upsert(key, CachePayloadFormat.WriteInteger(result), expiresAt, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            Row? row = ReadRow(key, transaction);
            if (row is not null)
            {
                Delete(key, transaction);
            }

            transaction.Commit();
            return row?.ToStoredValue();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = new List<KeyValuePair<string, StoredValue>>();
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteCommand select = Command($"SELECT key, value, expires_at FROM {_table} WHERE expires_at IS NULL OR expires_at > $now ORDER BY key;", null);
            select.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                var row = new Row((byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
                rows.Add(new KeyValuePair<string, StoredValue>(reader.GetString(0), row.ToStoredValue()));
            }
        }
        finally
        {
            _gate.Release();
        }

        // Rows are read first so no lock is held while the caller works on each one.
        foreach (KeyValuePair<string, StoredValue> row in rows)
        {
            yield return row;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteCommand delete = Command($"DELETE FROM {_table} WHERE expires_at IS NOT NULL AND expires_at <= $now;", null);
            delete.Parameters.AddWithValue("$now", now.UtcTicks);
            return delete.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many entries the table holds, expired ones included until they are purged or evicted.</summary>
    /// <returns>The row count.</returns>
    public long Count()
    {
        _gate.Wait();
        try
        {
            using SqliteCommand count = Command($"SELECT COUNT(*) FROM {_table};", null);
            return (long)count.ExecuteScalar()!;
        }
        finally
        {
            _gate.Release();
        }
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
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private string NextUse => $"(SELECT COALESCE(MAX(last_used), 0) + 1 FROM {_table})";

    private async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(SqliteCacheStore));
        }
    }

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
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = Command(sql, null);
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
