using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>What each parameter of a cached method is to the cache: a key argument, the call's cancellation token, or passed through.</summary>
internal static class ParameterParser
{
    /// <summary>Parses one parameter of a <c>[Cached]</c> method, reporting a parameter that cannot be cached.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="returnKind">How the method returns: only an async method takes the call's token.</param>
    /// <param name="cancellationTokenTaken">Whether an earlier parameter is already the call's token.</param>
    /// <param name="problems">Where problems are added.</param>
    public static ParameterSpec ParseCached(IParameterSymbol parameter, ReturnKind returnKind, ref bool cancellationTokenTaken, List<Problem> problems)
    {
        Location? location = parameter.Locations.FirstOrDefault();
        string name = Identifiers.Escape(parameter.Name);
        string type = parameter.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable);
        if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            problems.Add(new Problem(ProblemKind.UnsupportedParameterKind, location, parameter.Name, parameter.Type.ToDisplayString()));
            return new ParameterSpec(name, type, ParameterRole.PassThrough, parameter.IsParams);
        }

        if (parameter.Type.IsNamed(KnownTypes.CancellationToken))
        {
            // The first token of an async method is the call's token; any other is passed through untouched.
            ParameterRole role = returnKind != ReturnKind.Value && !cancellationTokenTaken ? ParameterRole.CancellationToken : ParameterRole.PassThrough;
            cancellationTokenTaken |= role == ParameterRole.CancellationToken;
            return new ParameterSpec(name, type, role, IsParams: false);
        }

        if (parameter.HasAttribute(KnownTypes.NotCacheKeyAttribute))
        {
            return new ParameterSpec(name, type, ParameterRole.PassThrough, parameter.IsParams);
        }

        KeyValueSpec? key = KeyValueParser.Parse(parameter.Type);
        if (key is null)
        {
            problems.Add(new Problem(ProblemKind.UnsupportedKeyType, location, parameter.Name, parameter.Type.ToDisplayString()));
            return new ParameterSpec(name, type, ParameterRole.PassThrough, parameter.IsParams);
        }

        return new ParameterSpec(name, type, ParameterRole.Key, parameter.IsParams, key, parameter.HasAttribute(KnownTypes.SensitiveAttribute));
    }

    /// <summary>A parameter of <paramref name="method"/> exactly as declared, for a signature that is repeated but not cached.</summary>
    public static ParameterSpec ParseAsDeclared(IMethodSymbol method, IParameterSymbol parameter)
        => new(
            Identifiers.Escape(parameter.Name),
            parameter.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            ParameterRole.PassThrough,
            parameter.IsParams,
            RefKind: RefKindOf(parameter),
            IsExtensionThis: method.IsExtensionMethod && parameter.Ordinal == 0);

    /// <summary>How the parameter is passed.</summary>
    public static ParameterRefKind RefKindOf(IParameterSymbol parameter) => parameter.RefKind switch
    {
        RefKind.Ref => ParameterRefKind.Ref,
        RefKind.Out => ParameterRefKind.Out,
        RefKind.In => ParameterRefKind.In,
        RefKind.RefReadOnlyParameter => ParameterRefKind.RefReadOnly,
        _ => ParameterRefKind.None,
    };
}
