using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Memoize;

/// <summary>
/// Reads the <c>Memoize</c> section by hand rather than with the reflection binder: the library stays trimming-safe,
/// and every wrong value gets a message that names its configuration path.
/// </summary>
internal static class MemoizeConfigurationBinder
{
    public static void Bind(IConfiguration section, MemoizeOptions options)
    {
        string root = section is IConfigurationSection s ? s.Path : "Memoize";
        if (section["DefaultStore"] is { Length: > 0 } defaultStore)
        {
            options.DefaultStore = defaultStore;
        }

        if (section["DefaultTtl"] is { Length: > 0 } ttlText)
        {
            if (TimeSpan.TryParse(ttlText, CultureInfo.InvariantCulture, out TimeSpan ttl) && ttl > TimeSpan.Zero)
            {
                options.DefaultTtl = ttl;
            }
            else
            {
                options.BindingErrors.Add($"{root}:DefaultTtl must be a positive time span such as 00:10:00; got '{ttlText}'.");
            }
        }

        if (section["KeyPrefix"] is { } keyPrefix)
        {
            options.KeyPrefix = keyPrefix;
        }

        ReadBool(section, root, "Enabled", value => options.Enabled = value, options);
        ReadBool(section, root, "LogKeys", value => options.LogKeys = value, options);

        foreach (IConfigurationSection store in section.GetSection("Stores").GetChildren())
        {
            var storeOptions = new MemoizeStoreOptions
            {
                Type = store["Type"],
                ConnectionString = store["ConnectionString"],
                KeyPrefix = store["KeyPrefix"],
                Path = store.Path,
            };
            foreach (IConfigurationSection setting in store.GetSection("Settings").GetChildren())
            {
                storeOptions.Settings[setting.Key] = setting.Value;
            }

            options.Stores[store.Key] = storeOptions;
        }
    }

    private static void ReadBool(IConfiguration section, string root, string name, Action<bool> set, MemoizeOptions options)
    {
        if (section[name] is not { Length: > 0 } text)
        {
            return;
        }

        if (bool.TryParse(text, out bool value))
        {
            set(value);
        }
        else
        {
            options.BindingErrors.Add($"{root}:{name} must be true or false; got '{text}'.");
        }
    }
}
