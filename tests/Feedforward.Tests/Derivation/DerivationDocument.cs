using System.Text.RegularExpressions;

namespace Feedforward.Tests.Derivation;

/// <summary>A numbered equation of docs/derivation.md and the names on its trace line.</summary>
/// <param name="Label">The anchor id, for example "eq:forward-linear".</param>
/// <param name="Number">The typed number, for example "2.2".</param>
/// <param name="Line">The 1-based line of the anchor.</param>
/// <param name="Code">Members that implement the equation, as C# writes them: "Feedforward.Layers.DenseLayer&lt;T&gt;.Forward".</param>
/// <param name="Tests">Full names of the test methods that check it.</param>
internal sealed record DocumentEquation(string Label, string Number, int Line, IReadOnlyList<string> Code, IReadOnlyList<string> Tests);

/// <summary>A link [(S.K)](#eq:LABEL) in the text.</summary>
internal sealed record EquationLink(string Label, string Text, int Line);

/// <summary>A block quote that starts with **Pending**, and the Feedforward names in its first paragraph.</summary>
internal sealed record PendingNote(int Line, string FirstLine, IReadOnlyList<string> Names);

/// <summary>
/// Reads docs/derivation.md by the rules in the comment at its top, which
/// docs/derivation-filter.lua also enforces for the PDF: numbered sections, anchored and
/// numbered ```math blocks with a trace line after each, and links to equations.
/// Violations of the layout go to <see cref="Errors"/> with their line numbers.
/// </summary>
internal sealed partial class DerivationDocument
{
    private readonly List<DocumentEquation> _equations = [];
    private readonly List<EquationLink> _links = [];
    private readonly List<PendingNote> _pendingNotes = [];
    private readonly List<string> _errors = [];

    private DerivationDocument()
    {
    }

    public IReadOnlyList<DocumentEquation> Equations => _equations;

    public IReadOnlyList<EquationLink> Links => _links;

    public IReadOnlyList<PendingNote> PendingNotes => _pendingNotes;

    public IReadOnlyList<string> Errors => _errors;

    public static DerivationDocument Load(string path) => Parse(File.ReadAllLines(path));

    public static DerivationDocument Parse(IReadOnlyList<string> lines)
    {
        var document = new DerivationDocument();
        document.Read(lines);
        return document;
    }

    private void Read(IReadOnlyList<string> lines)
    {
        bool inComment = false;
        bool inFence = false;
        var fenceBody = new List<string>();
        string? fenceLabel = null;
        int fenceLine = 0;
        string? anchorLabel = null;
        int anchorLine = 0;
        DocumentEquation? awaitingTrace = null;
        int sectionsSeen = 0;
        int? section = null;
        int equationInSection = 0;
        List<string>? pendingNames = null;
        int pendingLine = 0;
        string pendingFirstLine = "";

        for (int index = 0; index < lines.Count; index++)
        {
            int lineNumber = index + 1;
            string raw = lines[index];

            if (inComment)
            {
                inComment = !raw.Contains("-->", StringComparison.Ordinal);
                continue;
            }

            if (!inFence && raw.TrimStart().StartsWith("<!--", StringComparison.Ordinal))
            {
                inComment = !raw.Contains("-->", StringComparison.Ordinal);
                continue;
            }

            bool quoted = raw.StartsWith('>');
            string line = quoted ? QuotePrefix().Replace(raw, "") : raw;

            if (pendingNames is not null && (!quoted || line.Length == 0))
            {
                _pendingNotes.Add(new PendingNote(pendingLine, pendingFirstLine, pendingNames));
                pendingNames = null;
            }

            if (inFence)
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = false;
                    if (fenceLabel is not null)
                    {
                        awaitingTrace = CloseEquation(fenceLabel, fenceLine, fenceBody, section, ref equationInSection);
                    }
                    else if (fenceBody.Count > 0 && TypedNumber().IsMatch(fenceBody[^1]))
                    {
                        _errors.Add($"line {fenceLine}: a ```math block typed with a number has no <a id=\"eq:...\"></a> anchor before it");
                    }
                }
                else
                {
                    fenceBody.Add(line);
                }

                continue;
            }

            if (awaitingTrace is not null)
            {
                ReadTraceLine(awaitingTrace, line, lineNumber);
                awaitingTrace = null;
                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = true;
                fenceBody.Clear();
                fenceLine = lineNumber;
                fenceLabel = null;
                if (anchorLabel is not null)
                {
                    if (line.Trim() != "```math" || quoted)
                    {
                        _errors.Add($"line {anchorLine}: anchor {anchorLabel} is not followed by an unquoted ```math block");
                    }
                    else
                    {
                        fenceLabel = anchorLabel;
                        fenceLine = anchorLine;
                    }

                    anchorLabel = null;
                }

                continue;
            }

            if (anchorLabel is not null && line.Trim().Length > 0)
            {
                _errors.Add($"line {anchorLine}: anchor {anchorLabel} is not followed by a ```math block");
                anchorLabel = null;
            }

            Match anchor = Anchor().Match(line);
            if (anchor.Success)
            {
                anchorLabel = anchor.Groups[1].Value;
                anchorLine = lineNumber;
                continue;
            }

            if (line.StartsWith("<a id=\"eq", StringComparison.Ordinal))
            {
                _errors.Add($"line {lineNumber}: '{line}' is not an anchor of the form <a id=\"eq:lowercase-words\"></a>");
            }

            if (!quoted && line.StartsWith("## ", StringComparison.Ordinal))
            {
                Match numbered = NumberedSection().Match(line);
                if (numbered.Success)
                {
                    sectionsSeen++;
                    if (int.Parse(numbered.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != sectionsSeen)
                    {
                        _errors.Add($"line {lineNumber}: section '{line}' is numbered {numbered.Groups[1].Value} but is section {sectionsSeen}");
                    }

                    section = sectionsSeen;
                    equationInSection = 0;
                }
                else
                {
                    section = null;
                }
            }

            foreach (Match link in EquationLinkPattern().Matches(line))
            {
                _links.Add(new EquationLink(link.Groups["label"].Value, link.Groups["text"].Value, lineNumber));
            }

            if (quoted && line.StartsWith("**Pending**", StringComparison.Ordinal))
            {
                pendingNames = [];
                pendingLine = lineNumber;
                pendingFirstLine = line;
            }

            if (pendingNames is not null)
            {
                foreach (Match name in FeedforwardName().Matches(line))
                {
                    pendingNames.Add(name.Groups[1].Value);
                }
            }
        }

        if (pendingNames is not null)
        {
            _pendingNotes.Add(new PendingNote(pendingLine, pendingFirstLine, pendingNames));
        }

        if (anchorLabel is not null)
        {
            _errors.Add($"line {anchorLine}: anchor {anchorLabel} ends the document");
        }

        if (inFence)
        {
            _errors.Add($"line {fenceLine}: a ``` block is never closed");
        }

        if (awaitingTrace is not null)
        {
            _errors.Add($"line {awaitingTrace.Line}: equation {awaitingTrace.Label} has no trace line after it");
        }

        foreach (var duplicate in _equations.GroupBy(e => e.Label).Where(g => g.Count() > 1))
        {
            _errors.Add($"label {duplicate.Key} is defined {duplicate.Count()} times, on lines {string.Join(", ", duplicate.Select(e => e.Line))}");
        }
    }

    private DocumentEquation? CloseEquation(string label, int line, List<string> body, int? section, ref int equationInSection)
    {
        Match typed = body.Count > 0 ? TypedNumber().Match(body[^1]) : Match.Empty;
        if (!typed.Success)
        {
            _errors.Add($"line {line}: equation {label} does not end in \\qquad (S.K)");
            return null;
        }

        if (section is null)
        {
            _errors.Add($"line {line}: equation {label} is outside a numbered section");
            return null;
        }

        equationInSection++;
        string expected = $"{section}.{equationInSection}";
        string number = typed.Groups[1].Value;
        if (number != expected)
        {
            _errors.Add($"line {line}: equation {label} is typed as ({number}) but is ({expected})");
        }

        return new DocumentEquation(label, expected, line, [], []);
    }

    private void ReadTraceLine(DocumentEquation equation, string line, int lineNumber)
    {
        Match trace = TraceLine().Match(line);
        if (!trace.Success)
        {
            _errors.Add($"line {lineNumber}: equation {equation.Label} must be followed by \"Implemented in `CODE` · checked by `TEST`.\", found '{line}'");
            _equations.Add(equation);
            return;
        }

        _equations.Add(equation with
        {
            Code = [.. BacktickedName().Matches(trace.Groups["code"].Value).Select(m => m.Groups[1].Value)],
            Tests = [.. BacktickedName().Matches(trace.Groups["tests"].Value).Select(m => m.Groups[1].Value)],
        });
    }

    [GeneratedRegex(@"^>\s?")]
    private static partial Regex QuotePrefix();

    [GeneratedRegex(@"^<a id=""(eq:[a-z0-9]+(?:-[a-z0-9]+)*)""></a>$")]
    private static partial Regex Anchor();

    [GeneratedRegex(@"^## (\d+)\. ")]
    private static partial Regex NumberedSection();

    [GeneratedRegex(@"\\qquad \((\d+\.\d+)\)\s*$")]
    private static partial Regex TypedNumber();

    [GeneratedRegex(@"^Implemented in (?<code>`[^`]+`(?:, `[^`]+`)*) · checked by (?<tests>`[^`]+`(?:, `[^`]+`)*)\.$")]
    private static partial Regex TraceLine();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\(#(?<label>eq:[^)]*)\)")]
    private static partial Regex EquationLinkPattern();

    [GeneratedRegex(@"`(Feedforward(?:\.[A-Za-z_][A-Za-z0-9_<>, ]*)+)`")]
    private static partial Regex FeedforwardName();
}
