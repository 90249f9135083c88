using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Analysis;

/// <summary>
/// The one answer to "can this <c>[Cached]</c> method be generated, and if not why". The generator uses the spec;
/// the analyzers report the problems. Keeping both on this class keeps them from drifting apart.
/// </summary>
internal static class CachedMethodClassifier
{
    /// <summary>The suffix of the method that computes the value.</summary>
    public const string CoreSuffix = "Core";

    /// <summary>Analyzes one method carrying <c>[Cached]</c>.</summary>
    public static CachedMethodAnalysis Classify(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeData attribute, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        Location nameLocation = declaration.Identifier.GetLocation();

        AddDeclarationProblems(method, declaration, problems, cancellationToken);

        (ReturnKind returnKind, ITypeSymbol? resultType) = ClassifyReturn(method, declaration, problems);

        var parameters = new List<ParameterSpec>();
        bool cancellationTokenTaken = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            parameters.Add(ClassifyParameter(parameter, returnKind, ref cancellationTokenTaken, problems, cancellationToken));
        }

        CachedOptions options = ReadAttribute(method, attribute, problems, cancellationToken);
        FindCoreMethod(method, nameLocation, problems);
        UnlessSpec? unless = options.Unless is null ? null : FindUnless(method, options.Unless, resultType, options.UnlessLocation ?? nameLocation, problems);

        if (problems.Count > 0 || resultType is null)
        {
            return new CachedMethodAnalysis(null, problems.ToImmutableArray());
        }

        bool overloaded = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count() > 1;
        string overloadSuffix = overloaded ? "_" + SignatureHash(method) : "";
        string? fingerprint = options.ShapeFingerprint ? ShapeFingerprint.Of(resultType) : null;
        string prefix = options.KeyPrefix is null ? DefaultPrefixExpression(method, overloaded, fingerprint) : Literal(options.KeyPrefix + (fingerprint is null ? "" : "@" + fingerprint));
        var spec = new CachedMethodSpec(
            HintName: HintName(method, overloadSuffix),
            Namespace: method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypeSpecs(method.ContainingType),
            Modifiers: string.Join(" ", declaration.Modifiers.Select(static m => m.Text)),
            Accessibility: string.Join(" ", declaration.Modifiers.Where(static m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword)).Select(static m => m.Text)),
            Name: EscapeIdentifier(method.Name),
            CoreName: EscapeIdentifier(method.Name + CoreSuffix),
            TypeParameters: method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(static p => EscapeIdentifier(p.Name))) + ">" : "",
            Constraints: GenericConstraints.Clauses(method.TypeParameters),
            ReturnType: method.ReturnType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            ReturnKind: returnKind,
            ResultType: resultType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            IsStatic: method.IsStatic,
            Parameters: parameters.ToEquatableArray(),
            KeyPrefixExpression: prefix,
            Store: options.Store,
            TtlSeconds: options.TtlSeconds,
            Sliding: options.Sliding,
            Unless: unless,
            ManagerMember: FindManagerMember(method),
            FieldName: "__memoize_" + method.Name + overloadSuffix,
            HasKeyBuilder: !overloaded || !OtherOverloadHasSameKeyTypes(method));
        return new CachedMethodAnalysis(spec, ImmutableArray<Problem>.Empty);
    }

    /// <summary>
    /// Reports a method that is not a partial declaration without a body (or that the user implemented), and every
    /// containing type that is not partial: Memoize can add no body to either. Shared by the attributes' classifiers.
    /// </summary>
    public static void AddDeclarationProblems(IMethodSymbol method, MethodDeclarationSyntax declaration, List<Problem> problems, CancellationToken cancellationToken)
    {
        Location nameLocation = declaration.Identifier.GetLocation();
        bool isPartial = declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
        bool hasBody = declaration.Body is not null || declaration.ExpressionBody is not null;
        bool userImplemented = method.PartialImplementationPart is { } implementation && !IsGenerated(implementation);
        if (!isPartial || hasBody || userImplemented)
        {
            problems.Add(new Problem(ProblemKind.MethodNotPartial, nameLocation, method.Name));
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsPartial(type, cancellationToken))
            {
                problems.Add(new Problem(ProblemKind.ContainingTypeNotPartial, nameLocation, type.Name, method.Name));
            }
        }
    }

    private static (ReturnKind Kind, ITypeSymbol? Result) ClassifyReturn(IMethodSymbol method, MethodDeclarationSyntax declaration, List<Problem> problems)
    {
        Location location = declaration.ReturnType.GetLocation();
        ITypeSymbol returnType = method.ReturnType;
        if (method.ReturnsVoid || method.ReturnsByRef || method.ReturnsByRefReadonly || returnType.IsRefLikeType
            || IsNamed(returnType, KnownTypes.Task) || IsNamed(returnType, KnownTypes.ValueTask))
        {
            problems.Add(new Problem(ProblemKind.UnsupportedReturn, location, method.Name, returnType.ToDisplayString()));
            return (ReturnKind.Value, null);
        }

        ReturnKind kind = ReturnKind.Value;
        ITypeSymbol result = returnType;
        if (returnType is INamedTypeSymbol { IsGenericType: true } named)
        {
            if (IsNamed(named.OriginalDefinition, KnownTypes.TaskOfT))
            {
                (kind, result) = (ReturnKind.Task, named.TypeArguments[0]);
            }
            else if (IsNamed(named.OriginalDefinition, KnownTypes.ValueTaskOfT))
            {
                (kind, result) = (ReturnKind.ValueTask, named.TypeArguments[0]);
            }
        }

        if (IsLazySequence(result))
        {
            problems.Add(new Problem(ProblemKind.LazySequenceReturn, location, method.Name, result.ToDisplayString()));
            return (kind, null);
        }

        return (kind, result);
    }

    /// <summary>A sequence interface whose value is a query, not its results.</summary>
    public static bool IsLazySequence(ITypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        string name = type.OriginalDefinition.ToDisplayString();
        return name is "System.Collections.Generic.IEnumerable<T>" or "System.Collections.IEnumerable"
            or "System.Linq.IQueryable<T>" or "System.Linq.IQueryable" or "System.Linq.IOrderedQueryable<T>"
            or "System.Linq.IOrderedEnumerable<TElement>" or "System.Collections.Generic.IAsyncEnumerable<T>";
    }

    private static ParameterSpec ClassifyParameter(IParameterSymbol parameter, ReturnKind returnKind, ref bool cancellationTokenTaken, List<Problem> problems, CancellationToken cancellationToken)
    {
        Location? location = parameter.Locations.FirstOrDefault();
        string name = EscapeIdentifier(parameter.Name);
        string type = parameter.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable);
        if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            problems.Add(new Problem(ProblemKind.UnsupportedParameterKind, location, parameter.Name, parameter.Type.ToDisplayString()));
            return new ParameterSpec(name, type, ParameterRole.PassThrough, type, KeyFormat.None, false, parameter.IsParams, null);
        }

        if (IsNamed(parameter.Type, KnownTypes.CancellationToken))
        {
            // The first token of an async method is the call's token; any other is passed through untouched.
            ParameterRole role = returnKind != ReturnKind.Value && !cancellationTokenTaken ? ParameterRole.CancellationToken : ParameterRole.PassThrough;
            cancellationTokenTaken |= role == ParameterRole.CancellationToken;
            return new ParameterSpec(name, type, role, type, KeyFormat.None, false, false, null);
        }

        if (HasAttribute(parameter, KnownTypes.NotCacheKeyAttribute))
        {
            return new ParameterSpec(name, type, ParameterRole.PassThrough, type, KeyFormat.None, false, parameter.IsParams, null);
        }

        bool sensitive = HasAttribute(parameter, KnownTypes.SensitiveAttribute);
        KeyShape? shape = KeyTypeClassifier.Classify(parameter.Type);
        if (shape is null)
        {
            string? code = KeyWriteCode.For(parameter.Type, "value", "writer");
            if (code is null)
            {
                problems.Add(new Problem(ProblemKind.UnsupportedKeyType, location, parameter.Name, parameter.Type.ToDisplayString()));
                return new ParameterSpec(name, type, ParameterRole.PassThrough, type, KeyFormat.None, false, parameter.IsParams, null);
            }

            return new ParameterSpec(name, type, ParameterRole.Key, "string", KeyFormat.Segment, false, parameter.IsParams, null, code, sensitive);
        }

        _ = cancellationToken;
        return new ParameterSpec(name, type, ParameterRole.Key, shape.KeyType, shape.Format, shape.IsNullableValue, parameter.IsParams, shape.WriteCast, null, sensitive);
    }

    private static CachedOptions ReadAttribute(IMethodSymbol method, AttributeData attribute, List<Problem> problems, CancellationToken cancellationToken)
    {
        var options = new CachedOptions();
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

    /// <summary>The <c>Unless</c> method: <c>bool M(TResult)</c> on the same type, static or (for instance methods) instance.</summary>
    private static UnlessSpec? FindUnless(IMethodSymbol method, string name, ITypeSymbol? resultType, Location location, List<Problem> problems)
    {
        IMethodSymbol[] candidates = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        IMethodSymbol? match = candidates.FirstOrDefault(c =>
            c.ReturnType.SpecialType == SpecialType.System_Boolean && c.Parameters.Length == 1 && c.Parameters[0].RefKind == RefKind.None
            && !c.IsGenericMethod && (c.IsStatic || !method.IsStatic)
            && resultType is not null && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, resultType));
        if (match is null)
        {
            string expected = "bool " + name + "(" + (resultType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "TResult") + " result)";
            problems.Add(new Problem(ProblemKind.UnlessInvalid, location, name, method.Name, expected));
            return null;
        }

        return new UnlessSpec(EscapeIdentifier(match.Name), match.IsStatic);
    }

    private sealed class CachedOptions
    {
        public string? KeyPrefix;
        public string? Store;
        public long? TtlSeconds;
        public bool Sliding;
        public bool ShapeFingerprint = true;
        public string? Unless;
        public Location? UnlessLocation;
    }

    /// <summary>The named argument <paramref name="name"/> of an attribute application, where a problem with its value is reported.</summary>
    public static Location? ArgumentLocation(AttributeSyntax? syntax, string name)
        => syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();

    /// <summary>The <c>{Name}Core</c> method whose parameters and return type match, reporting why there is none.</summary>
    public static IMethodSymbol? FindCoreMethod(IMethodSymbol method, Location location, List<Problem> problems)
    {
        IMethodSymbol[] candidates = method.ContainingType.GetMembers(method.Name + CoreSuffix).OfType<IMethodSymbol>().ToArray();
        IMethodSymbol? match = candidates.FirstOrDefault(candidate => Matches(method, candidate));
        if (match is null)
        {
            ProblemKind kind = candidates.Length == 0 ? ProblemKind.CoreMethodMissing : ProblemKind.CoreMethodMismatch;
            problems.Add(new Problem(kind, location, method.Name, method.Name + CoreSuffix, CoreSignature(method)));
        }

        return match;
    }

    /// <summary>How a parameter of this kind is declared: <c>ref </c>, <c>out </c>, <c>in </c>, <c>ref readonly </c> or nothing.</summary>
    public static string RefKindPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => "",
    };

    /// <summary>The declaration a user must write for the Core method, for messages and code fixes.</summary>
    public static string CoreSignature(IMethodSymbol method)
    {
        var builder = new StringBuilder();
        builder.Append(method.IsStatic ? "private static " : "private ");
        builder.Append(method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        builder.Append(' ').Append(method.Name).Append(CoreSuffix).Append('(');
        builder.Append(string.Join(", ", method.Parameters.Select(static p => RefKindPrefix(p.RefKind) + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + EscapeIdentifier(p.Name))));
        return builder.Append(')').ToString();
    }

    private static bool Matches(IMethodSymbol method, IMethodSymbol candidate)
    {
        if (candidate.Arity == method.Arity && method.Arity > 0)
        {
            // Compare the signatures with the Core method's type parameters replaced by the method's own.
            candidate = candidate.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray());
        }

        if (candidate.Parameters.Length != method.Parameters.Length || candidate.Arity != method.Arity
            || method.IsStatic != candidate.IsStatic
            || !SymbolEqualityComparer.Default.Equals(candidate.ReturnType, method.ReturnType))
        {
            return false;
        }

        for (int i = 0; i < method.Parameters.Length; i++)
        {
            if (candidate.Parameters[i].RefKind != method.Parameters[i].RefKind
                || !SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, method.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one field or property of the containing type that holds a cache manager, if there is exactly one usable.</summary>
    private static string? FindManagerMember(IMethodSymbol method)
    {
        var found = new List<string>();
        foreach (ISymbol member in method.ContainingType.GetMembers())
        {
            ITypeSymbol? type = member switch
            {
                IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                IPropertySymbol { IsIndexer: false } property => property.Type,
                _ => null,
            };
            if (type is not null && IsCacheManager(type) && (member.IsStatic || !method.IsStatic))
            {
                found.Add(member.IsStatic ? EscapeIdentifier(member.Name) : "this." + EscapeIdentifier(member.Name));
            }
        }

        return found.Count == 1 ? found[0] : null;
    }

    private static bool IsCacheManager(ITypeSymbol type)
        => IsNamed(type, KnownTypes.CacheManagerInterface) || type.AllInterfaces.Any(static i => IsNamed(i, KnownTypes.CacheManagerInterface));

    /// <summary>The containing types, outermost first, as partial declarations need them.</summary>
    public static EquatableArray<ContainingTypeSpec> ContainingTypeSpecs(INamedTypeSymbol type) => ContainingTypes(type).ToEquatableArray();

    private static IEnumerable<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new Stack<ContainingTypeSpec>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string keyword = current switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string name = EscapeIdentifier(current.Name);
            if (current.TypeParameters.Length > 0)
            {
                name += "<" + string.Join(", ", current.TypeParameters.Select(static p => EscapeIdentifier(p.Name))) + ">";
            }

            chain.Push(new ContainingTypeSpec(keyword, name));
        }

        return chain;
    }

    /// <summary>
    /// <c>"Namespace.Type.Method"</c>; the parameter types are added for overloads, and the type arguments of generic
    /// containing types are filled in at run time, so no two methods or closed types share keys.
    /// </summary>
    private static string DefaultPrefixExpression(IMethodSymbol method, bool overloaded, string? fingerprint)
    {
        var parts = new List<string>();
        var text = new StringBuilder();
        if (!method.ContainingNamespace.IsGlobalNamespace)
        {
            text.Append(method.ContainingNamespace.ToDisplayString()).Append('.');
        }

        var types = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            types.Push(current);
        }

        foreach (INamedTypeSymbol type in types)
        {
            text.Append(type.Name);
            AppendTypeArguments(type.TypeParameters, text, parts);
            text.Append('.');
        }

        text.Append(method.Name);
        AppendTypeArguments(method.TypeParameters, text, parts);
        if (overloaded)
        {
            text.Append('(').Append(string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(SymbolFormats.KeyDisplay)))).Append(')');
        }

        if (fingerprint is not null)
        {
            text.Append('@').Append(fingerprint);
        }

        parts.Add(Literal(text.ToString()));
        return parts.Count == 1 ? parts[0] : "string.Concat(" + string.Join(", ", parts) + ")";
    }

    /// <summary>Appends <c>&lt;A,B&gt;</c> whose names are filled in at run time from the closed type arguments.</summary>
    private static void AppendTypeArguments(ImmutableArray<ITypeParameterSymbol> typeParameters, StringBuilder text, List<string> parts)
    {
        if (typeParameters.Length == 0)
        {
            return;
        }

        text.Append('<');
        for (int i = 0; i < typeParameters.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            parts.Add(Literal(text.ToString()));
            text.Clear();
            parts.Add("global::Memoize.CompilerServices.KeyTypeNames.Of<" + EscapeIdentifier(typeParameters[i].Name) + ">()");
        }

        text.Append('>');
    }

    /// <summary>
    /// Whether another cached overload has the same key parameter types: both key builders would have the same
    /// signature, so neither gets one (the methods still work, and their keys still differ by prefix).
    /// </summary>
    private static bool OtherOverloadHasSameKeyTypes(IMethodSymbol method)
    {
        string mine = KeyTypes(method);
        return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(other => !SymbolEqualityComparer.Default.Equals(other, method) && other.PartialDefinitionPart is null)
            .Any(other => other.GetAttributes().Any(static a => a.AttributeClass is { } c && IsNamed(c, KnownTypes.CachedAttribute)) && KeyTypes(other) == mine);

        static string KeyTypes(IMethodSymbol m) => string.Join(",", m.Parameters
            .Where(static p => !IsNamed(p.Type, KnownTypes.CancellationToken) && !HasAttribute(p, KnownTypes.NotCacheKeyAttribute))
            .Select(static p => p.Type.ToDisplayString(SymbolFormats.KeyDisplay)));
    }

    /// <summary>The generated file name of a method, with a suffix that tells overloads apart.</summary>
    public static string HintNameOf(IMethodSymbol method, string suffix) => HintName(method, (method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count() > 1 ? "_" + SignatureHash(method) : "") + suffix);

    private static string HintName(IMethodSymbol method, string overloadSuffix)
    {
        var builder = new StringBuilder();
        if (!method.ContainingNamespace.IsGlobalNamespace)
        {
            builder.Append(method.ContainingNamespace.ToDisplayString()).Append('.');
        }

        var types = new Stack<string>();
        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            types.Push(current.MetadataName.Replace('`', '_'));
        }

        builder.Append(string.Join(".", types)).Append('.').Append(method.Name).Append(overloadSuffix).Append(".g.cs");
        return builder.ToString();
    }

    /// <summary>An FNV-1a hash of the parameter types, stable across runs and machines.</summary>
    private static string SignatureHash(IMethodSymbol method)
    {
        uint hash = 2166136261;
        foreach (char c in string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(SymbolFormats.KeyDisplay))))
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>Whether the symbol's declaration is the one this generator wrote.</summary>
    public static bool IsGenerated(ISymbol symbol)
        => symbol.DeclaringSyntaxReferences.All(static r => r.SyntaxTree.FilePath.Replace('\\', '/').Contains("Memoize.Generator/"));

    public static bool IsNamed(ITypeSymbol type, string metadataName)
        => type.ContainingNamespace is { } ns && (ns.ToDisplayString() + "." + type.MetadataName) == metadataName;

    public static bool HasAttribute(ISymbol symbol, string metadataName)
        => symbol.GetAttributes().Any(a => a.AttributeClass is { } c && IsNamed(c, metadataName));

    public static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}

/// <summary>The outcome of classifying one method: a spec to generate, or the problems that prevent it.</summary>
internal sealed record CachedMethodAnalysis(CachedMethodSpec? Spec, ImmutableArray<Problem> Problems);
