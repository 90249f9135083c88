using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>Which cache manager a generated method uses: the one member of its type that holds one, or the default.</summary>
internal static class CacheManagerMember
{
    /// <summary>The one field or property of the containing type that holds a cache manager, if there is exactly one usable.</summary>
    public static ManagerMemberSpec? Find(IMethodSymbol method)
    {
        var found = new List<ManagerMemberSpec>();
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
                found.Add(new ManagerMemberSpec(Identifiers.Escape(member.Name), member.IsStatic));
            }
        }

        return found.Count == 1 ? found[0] : null;
    }

    private static bool IsCacheManager(ITypeSymbol type)
        => type.IsNamed(KnownTypes.CacheManagerInterface) || type.AllInterfaces.Any(static i => i.IsNamed(KnownTypes.CacheManagerInterface));
}
