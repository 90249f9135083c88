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
        ReadInt(section, root, nameof(MemoizeOptions.FailSafeMinutes), value => options.FailSafeMinutes = value, options);
        ReadInt(section, root, nameof(MemoizeOptions.FailSafeThrottleSeconds), value => options.FailSafeThrottleSeconds = value, options);
        ReadInt(section, root, nameof(MemoizeOptions.SoftTimeoutMilliseconds), value => options.SoftTimeoutMilliseconds = value, options);
        ReadInt(section, root, nameof(MemoizeOptions.HardTimeoutMilliseconds), value => options.HardTimeoutMilliseconds = value, options);
        ReadInt(section, root, nameof(MemoizeOptions.JitterSeconds), value => options.JitterSeconds = value, options);
        if (section[nameof(MemoizeOptions.EagerRefresh)] is { Length: > 0 } eagerText)
        {
            if (double.TryParse(eagerText, NumberStyles.Float, CultureInfo.InvariantCulture, out double eager))
            {
                options.EagerRefresh = eager;
                options.ResiliencePath = root;
            }
            else
            {
                options.BindingErrors.Add($"{root}:EagerRefresh must be a number, 0 (none) or strictly between 0 and 1 such as 0.8; got '{eagerText}'.");
            }
        }

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

    /// <summary>A whole number; its range is checked with the values set in code (<see cref="MemoizeManagerFactory"/>).</summary>
    private static void ReadInt(IConfiguration section, string root, string name, Action<int> set, MemoizeOptions options)
    {
        if (section[name] is not { Length: > 0 } text)
        {
            return;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            set(value);
            options.ResiliencePath = root;
        }
        else
        {
            options.BindingErrors.Add($"{root}:{name} must be a whole number; got '{text}'.");
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
