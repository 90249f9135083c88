using System;
using System.Globalization;

namespace Memoize;

/// <summary>What a <see cref="CacheStoreType"/> gets to create one configured store: its name, settings and the services.</summary>
public sealed class CacheStoreTypeContext
{
    private readonly MemoizeStoreOptions _options;

    internal CacheStoreTypeContext(string storeName, string path, MemoizeStoreOptions options, IServiceProvider services)
    {
        StoreName = storeName;
        Path = path;
        _options = options;
        Services = services;
    }

    /// <summary>The store's name.</summary>
    public string StoreName { get; }

    /// <summary>The store's configuration path (<c>Memoize:Stores:{name}</c>), for messages.</summary>
    public string Path { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The store's connection string, or <see langword="null"/>.</summary>
    public string? ConnectionString => _options.ConnectionString;

    /// <summary>The configuration path of a setting, such as <c>Memoize:Stores:files:Settings:Directory</c>.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <returns>The path.</returns>
    public string SettingPath(string setting) => $"{Path}:Settings:{setting}";

    /// <summary>A text setting, or <see langword="null"/> when absent or empty.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <returns>The value.</returns>
    public string? GetString(string setting)
        => _options.Settings.TryGetValue(setting, out string? value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>A required text setting.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MemoizeConfigurationException">The setting is missing; the message names it.</exception>
    public string GetRequiredString(string setting)
        => GetString(setting) ?? throw new MemoizeConfigurationException($"{SettingPath(setting)} is required for a store of type '{_options.Type}'.");

    /// <summary>A whole-number setting that must be positive, or <see langword="null"/> when absent.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MemoizeConfigurationException">The setting is not a positive whole number; the message names it.</exception>
    public long? GetPositiveInt64(string setting)
    {
        string? text = GetString(setting);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value <= 0)
        {
            throw new MemoizeConfigurationException($"{SettingPath(setting)} must be a positive whole number; got '{text}'.");
        }

        return value;
    }

    /// <summary>A whole-number setting that must be positive and fit an <see cref="int"/>, or <see langword="null"/> when absent.</summary>
    /// <param name="setting">The setting's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MemoizeConfigurationException">The setting is not a positive whole number; the message names it.</exception>
    public int? GetPositiveInt32(string setting)
    {
        long? value = GetPositiveInt64(setting);
        if (value > int.MaxValue)
        {
            throw new MemoizeConfigurationException($"{SettingPath(setting)} must be at most {int.MaxValue}; got '{value}'.");
        }

        return (int?)value;
    }
}
