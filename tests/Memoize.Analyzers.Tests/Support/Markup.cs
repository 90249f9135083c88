using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Memoize.Analyzers.Tests.Support;

/// <summary>Source with <c>{|MEMO001:text|}</c> marks (nestable): the plain source and each expected id with its span.</summary>
internal sealed record Markup(string Source, IReadOnlyList<ExpectedDiagnostic> Expected)
{
    public static Markup Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string Id, int Start)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i + 2);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon + 1;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                (string id, int start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new System.ArgumentException("Unclosed {| in markup.", nameof(markup));
        }

        return new Markup(source.ToString(), expected);
    }
}

/// <summary>A diagnostic a test expects: its id and where.</summary>
internal sealed record ExpectedDiagnostic(string Id, TextSpan Span)
{
    public override string ToString() => $"{Id}@{Span}";
}
