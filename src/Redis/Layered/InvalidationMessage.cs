using System;

namespace Memoize.Redis;

/// <summary>
/// What a layered store publishes when it changes or removes entries: <c>{sender}|k|{key}</c> for one key,
/// <c>{sender}|*|</c> for a flush. The sender id lets a process ignore its own messages.
/// </summary>
internal readonly record struct InvalidationMessage(string Sender, bool All, string Key)
{
    public static InvalidationMessage ForKey(string sender, string key) => new(sender, false, key);

    public static InvalidationMessage ForAll(string sender) => new(sender, true, "");

    public string Encode() => string.Concat(Sender, All ? "|*|" : "|k|", Key);

    public static bool TryDecode(string? text, out InvalidationMessage message)
    {
        message = default;
        if (text is null)
        {
            return false;
        }

        int first = text.IndexOf('|', StringComparison.Ordinal);
        if (first < 0 || text.Length < first + 3 || text[first + 2] != '|')
        {
            return false;
        }

        char kind = text[first + 1];
        if (kind is not ('k' or '*'))
        {
            return false;
        }

        message = new InvalidationMessage(text[..first], kind == '*', text[(first + 3)..]);
        return true;
    }
}
