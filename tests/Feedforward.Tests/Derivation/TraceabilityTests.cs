using System.Reflection;
using System.Text.RegularExpressions;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Optimizers;
using Xunit.Abstractions;

namespace Feedforward.Tests.Derivation;

/// <summary>
/// Keeps docs/derivation.md, the library and the tests in step: every numbered equation names
/// code and tests that exist, every citation of an equation in src/Feedforward matches the
/// document, and every activation, cost and optimizer of the library has an equation.
/// </summary>
public sealed partial class TraceabilityTests(ITestOutputHelper output)
{
    private static readonly Lazy<DerivationDocument> Document =
        new(() => DerivationDocument.Load(Path.Combine(RepositoryPaths.Root(), "docs", "derivation.md")));

    private static readonly Assembly Library = typeof(Network<>).Assembly;

    [Fact]
    public void Document_layout_follows_rules()
    {
        Assert.True(Document.Value.Errors.Count == 0, string.Join(Environment.NewLine, Document.Value.Errors));
        Assert.NotEmpty(Document.Value.Equations);
    }

    [Fact]
    public void Every_equation_names_code_and_test()
    {
        foreach (DocumentEquation equation in Document.Value.Equations)
        {
            output.WriteLine($"({equation.Number}) {equation.Label}: code {string.Join(", ", equation.Code)}; tests {string.Join(", ", equation.Tests)}");
            Assert.True(equation.Code.Count > 0, $"({equation.Number}) {equation.Label} names no implementing code");
            Assert.True(equation.Tests.Count > 0, $"({equation.Number}) {equation.Label} names no test");
        }
    }

    [Fact]
    public void Code_references_exist()
    {
        var missing = new List<string>();
        foreach (DocumentEquation equation in Document.Value.Equations)
        {
            foreach (string name in equation.Code)
            {
                if (ResolveMember(name) is null)
                {
                    missing.Add($"({equation.Number}) {equation.Label}: {name}");
                }
            }
        }

        Assert.True(
            missing.Count == 0,
            "these code names do not exist as a type and member of the Feedforward assembly (write them as Namespace.Type<T>.Member):"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Test_references_exist()
    {
        Assembly tests = typeof(TraceabilityTests).Assembly;
        var missing = new List<string>();
        foreach (DocumentEquation equation in Document.Value.Equations)
        {
            foreach (string name in equation.Tests)
            {
                int dot = name.LastIndexOf('.');
                Type? type = dot > 0 ? tests.GetType(name[..dot]) : null;
                bool found = type is not null && type
                    .GetMethods(BindingFlags.Public | BindingFlags.Instance)
                    .Any(m => m.Name == name[(dot + 1)..] && m.IsDefined(typeof(FactAttribute), inherit: true));
                if (!found)
                {
                    missing.Add($"({equation.Number}) {equation.Label}: {name}");
                }
            }
        }

        Assert.True(
            missing.Count == 0,
            "these test names are not [Fact] or [Theory] methods of the test assembly:"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Links_match_equation_numbers()
    {
        Dictionary<string, string> numbers = Document.Value.Equations.ToDictionary(e => e.Label, e => e.Number);
        foreach (EquationLink link in Document.Value.Links)
        {
            Assert.True(numbers.TryGetValue(link.Label, out string? number), $"line {link.Line}: link to {link.Label}, which no equation defines");
            Assert.True(link.Text == $"({number})", $"line {link.Line}: link to {link.Label} reads '{link.Text}' but the equation is ({number})");
        }
    }

    [Fact]
    public void Source_citations_match_document()
    {
        Dictionary<string, string> numbers = Document.Value.Equations.ToDictionary(e => e.Label, e => e.Number);
        var problems = new List<string>();
        foreach ((string file, string text) in SourceFiles())
        {
            foreach (Match label in LabelPattern().Matches(text))
            {
                if (!numbers.ContainsKey(label.Value))
                {
                    problems.Add($"{file}: {label.Value} is not a label of docs/derivation.md");
                }
            }

            foreach (Match citation in CitationPattern().Matches(text))
            {
                string label = citation.Groups["label"].Value;
                if (numbers.TryGetValue(label, out string? number) && number != citation.Groups["number"].Value)
                {
                    problems.Add($"{file}: cites ({citation.Groups["number"].Value}) {label}, but {label} is ({number})");
                }
            }

            foreach (Match bare in NumberedEquationWord().Matches(text))
            {
                if (!LabelledCitation().IsMatch(text[bare.Index..]))
                {
                    string excerpt = text.Substring(bare.Index, Math.Min(60, text.Length - bare.Index));
                    problems.Add($"{file}: '{excerpt}' cites an equation by number without its label; write 'equation (S.K) eq:label'");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_equation_is_cited_in_source()
    {
        var cited = new HashSet<string>(StringComparer.Ordinal);
        foreach ((_, string text) in SourceFiles())
        {
            foreach (Match label in LabelPattern().Matches(text))
            {
                cited.Add(label.Value);
            }
        }

        string[] uncited = [.. Document.Value.Equations.Where(e => !cited.Contains(e.Label)).Select(e => $"({e.Number}) {e.Label}")];
        Assert.True(
            uncited.Length == 0,
            "no comment in src/Feedforward names these equations; add '// Equation (S.K) eq:label in docs/derivation.md: ...' where they are implemented:"
            + Environment.NewLine + string.Join(Environment.NewLine, uncited));
    }

    [Fact]
    public void Every_activation_cost_and_optimizer_has_equation()
    {
        Type[] roots = [typeof(Activation), typeof(Cost), typeof(FusedOutput), typeof(Optimizer)];
        Type[] referenced = [.. Document.Value.Equations
            .SelectMany(e => e.Code)
            .Select(ResolveMember)
            .Where(m => m is not null)
            .Select(m => m!.DeclaringType!)];

        string[] missing = [.. Library.GetTypes()
            .Where(t => !t.IsAbstract && roots.Any(r => r.IsAssignableFrom(t)))
            .Where(t => !referenced.Any(r => IsSameOrNestedIn(r, t)))
            .Select(t => t.FullName!)];

        Assert.True(
            missing.Length == 0,
            "docs/derivation.md has no numbered equation whose code names these types; derive them there:"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Pending_notes_name_no_existing_type()
    {
        foreach (PendingNote note in Document.Value.PendingNotes)
        {
            output.WriteLine($"pending, line {note.Line}: {note.FirstLine}");
            foreach (string name in note.Names)
            {
                Assert.True(
                    ResolveType(name) is null,
                    $"line {note.Line}: {name} now exists, so the pending note must become numbered equations with code and tests");
            }
        }
    }

    /// <summary>Returns the member named "Namespace.Type&lt;T&gt;.Member", or null when there is none.</summary>
    private static MemberInfo? ResolveMember(string name)
    {
        int dot = name.LastIndexOf('.');
        if (dot <= 0 || ResolveType(name[..dot]) is not { } type)
        {
            return null;
        }

        const BindingFlags everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        return type.GetMember(name[(dot + 1)..], everything).FirstOrDefault();
    }

    private static Type? ResolveType(string name) =>
        Library.GetTypes().FirstOrDefault(t => !t.Name.StartsWith('<') && CSharpName(t) == name);

    /// <summary>Returns the name C# uses for a type: Feedforward.Optimizers.Adam.State&lt;T&gt; for Adam+State`1.</summary>
    private static string CSharpName(Type type)
    {
        string name = type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        int inherited = type.DeclaringType?.GetGenericArguments().Length ?? 0;
        Type[] own = type.GetGenericArguments()[inherited..];
        if (own.Length > 0)
        {
            name += $"<{string.Join(", ", own.Select(a => a.Name))}>";
        }

        return type.DeclaringType is { } outer ? $"{CSharpName(outer)}.{name}" : $"{type.Namespace}.{name}";
    }

    private static bool IsSameOrNestedIn(Type type, Type container)
    {
        for (Type? current = type; current is not null; current = current.DeclaringType)
        {
            if (current == container)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns each C# file of src/Feedforward with its path relative to the repository and its
    /// text. Line breaks and the // or /// that continue a comment become one space, so a
    /// citation wrapped over two comment lines reads as one.
    /// </summary>
    private static IEnumerable<(string File, string Text)> SourceFiles()
    {
        string root = RepositoryPaths.Root();
        string source = Path.Combine(root, "src", "Feedforward");
        foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            yield return (Path.GetRelativePath(root, file), LineContinuation().Replace(File.ReadAllText(file), " "));
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_])eq:[a-z0-9]+(?:-[a-z0-9]+)*")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"\((?<number>\d+\.\d+)\) (?<label>eq:[a-z0-9]+(?:-[a-z0-9]+)*)")]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"\b[Ee]quations?\s+\(?\d")]
    private static partial Regex NumberedEquationWord();

    [GeneratedRegex(@"^[Ee]quations?\s+\(\d+\.\d+\) eq:[a-z0-9]")]
    private static partial Regex LabelledCitation();

    [GeneratedRegex(@"[ \t]*\r?\n[ \t]*(?:///?[ \t]?)?")]
    private static partial Regex LineContinuation();
}
