using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Parsing;

/// <summary>The named arguments of one <c>[Cached]</c> application, with the problems of their values.</summary>
internal sealed class CachedAttributeOptions
{
    public string? KeyPrefix { get; private set; }

    public string? Store { get; private set; }

    public long? TtlSeconds { get; private set; }

    public bool Sliding { get; private set; }

    public bool ShapeFingerprint { get; private set; } = true;

    public string? Unless { get; private set; }

    public Location? UnlessLocation { get; private set; }

    /// <summary>Reads the attribute's named arguments, reporting a key prefix or duration that cannot be used.</summary>
    public static CachedAttributeOptions Read(IMethodSymbol method, AttributeData attribute, List<Problem> problems, CancellationToken cancellationToken)
    {
        var options = new CachedAttributeOptions();
        long minutes = 0;
        long seconds = 0;
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            Location? location = ArgumentLocation(syntax, argument.Key) ?? syntax?.GetLocation();
            switch (argument.Key)
            {
                case "KeyPrefix":
                    options.KeyPrefix = argument.Value.Value as string;
                    if (options.KeyPrefix is not null && (options.KeyPrefix.Trim().Length == 0 || options.KeyPrefix.IndexOf(':') >= 0))
                    {
                        problems.Add(new Problem(ProblemKind.InvalidKeyPrefix, location, options.KeyPrefix, method.Name));
                    }

                    break;
                case "Store":
                    options.Store = argument.Value.Value as string;
                    break;
                case "Sliding":
                    options.Sliding = argument.Value.Value is true;
                    break;
                case "ShapeFingerprint":
                    options.ShapeFingerprint = argument.Value.Value is not false;
                    break;
                case "Unless":
                    options.Unless = argument.Value.Value as string;
                    options.UnlessLocation = location;
                    break;
                case "Minutes":
                case "Seconds":
                    long value = argument.Value.Value is int number ? number : 0;
                    if (value < 0)
                    {
                        problems.Add(new Problem(ProblemKind.InvalidDuration, location, argument.Key, value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    if (argument.Key == "Minutes")
                    {
                        minutes = value;
                    }
                    else
                    {
                        seconds = value;
                    }

                    break;
            }
        }

        long total = (minutes * 60) + seconds;
        options.TtlSeconds = total > 0 ? total : null;
        return options;
    }

    /// <summary>The named argument <paramref name="name"/> of an attribute application, where a problem with its value is reported.</summary>
    public static Location? ArgumentLocation(AttributeSyntax? syntax, string name)
        => syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();
}
