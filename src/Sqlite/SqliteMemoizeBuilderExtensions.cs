using System;
using Microsoft.Data.Sqlite;

namespace Memoize;

/// <summary>Lets configuration name SQLite stores (<c>"Type": "sqlite"</c>).</summary>
public static class SqliteMemoizeBuilderExtensions
{
    /// <summary>The store type name: <c>sqlite</c>.</summary>
    public const string StoreTypeName = "sqlite";

    /// <summary>
    /// Registers the <c>sqlite</c> store type. Its settings: <c>DataSource</c> (a file, or <c>:memory:</c>; or a
    /// <c>ConnectionString</c> with a Data Source), <c>TableName</c>, <c>MaxEntries</c>, <c>MaxBytes</c>,
    /// <c>BusyTimeoutMilliseconds</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddMemoize</c>.</param>
    /// <returns>The builder.</returns>
    public static MemoizeBuilder AddSqliteStoreType(this MemoizeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStoreType(new CacheStoreType(StoreTypeName, static context =>
        {
            var options = new SqliteCacheStoreOptions
            {
                DataSource = context.GetString("DataSource") ?? DataSourceOf(context) ?? SqliteCacheStoreOptions.InMemory,
                MaxEntries = context.GetPositiveInt32("MaxEntries"),
                MaxBytes = context.GetPositiveInt64("MaxBytes"),
            };
            if (context.GetString("TableName") is { } table)
            {
                options.TableName = table;
            }

            if (context.GetPositiveInt32("BusyTimeoutMilliseconds") is { } busy)
            {
                options.BusyTimeoutMilliseconds = busy;
            }

            return manager => new SqliteCacheStore(options, manager.TimeProvider);
        }));
    }

    private static string? DataSourceOf(CacheStoreTypeContext context)
    {
        if (context.ConnectionString is not { Length: > 0 } connectionString)
        {
            return null;
        }

        try
        {
            return new SqliteConnectionStringBuilder(connectionString).DataSource is { Length: > 0 } source ? source : null;
        }
        catch (ArgumentException exception)
        {
            throw new MemoizeConfigurationException($"{context.Path}:ConnectionString is not an SQLite connection string: {exception.Message}", exception);
        }
    }
}
