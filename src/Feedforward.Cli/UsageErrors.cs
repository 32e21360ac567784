using System.CommandLine;
using System.CommandLine.Parsing;

namespace Feedforward.Cli;

/// <summary>
/// Plain-word messages for command lines that System.CommandLine rejects: an unknown command or
/// option (with the closest valid name), a missing command, argument, option or option value,
/// and a value that does not convert to its option's number type.
/// </summary>
internal static class UsageErrors
{
    // A name at most this many edits away from an unknown token is offered as "did you mean".
    private const int MaxSuggestionDistance = 2;

    /// <summary>Returns the message for the first problem of <paramref name="parsed"/>, which has errors.</summary>
    public static string Describe(ParseResult parsed, RootCommand root)
    {
        Command command = parsed.CommandResult.Command;
        if (parsed.UnmatchedTokens.Count > 0)
        {
            return DescribeUnknown(parsed.UnmatchedTokens[0], command, root);
        }

        if (command == root)
        {
            return $"no command given: use one of {CommandList(root)}.";
        }

        foreach (Option option in command.Options)
        {
            // A required option that was not given still has a result, an implicit one.
            if (option.Required && parsed.GetResult(option) is not { Implicit: false })
            {
                return $"{option.Name} is missing: add {option.Name} with the {LowerFirst(FirstSentence(option.Description))}.";
            }
        }

        foreach (Argument argument in command.Arguments)
        {
            if (argument.Arity.MinimumNumberOfValues > 0 && parsed.GetResult(argument) is not { Tokens.Count: > 0 })
            {
                string name = argument.Name.ToUpperInvariant();
                return $"{name} is missing: write it after the command, as in ffnn {command.Name} {name} ({LowerFirst(FirstSentence(argument.Description, ';'))}).";
            }
        }

        return DescribeValue(parsed.Errors[0]);
    }

    private static string DescribeUnknown(string token, Command command, RootCommand root)
    {
        bool optionLike = token.StartsWith('-');
        if (command == root && !optionLike)
        {
            return $"'{token}' is not an ffnn command: use one of {CommandList(root)}{Suggestion(token, root.Subcommands.Select(c => c.Name))}.";
        }

        if (command == root)
        {
            return $"'{token}' is not an option of ffnn: give a command first, one of {CommandList(root)}.";
        }

        if (optionLike)
        {
            IEnumerable<string> names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name));
            return $"'{token}' is not an option of ffnn {command.Name}{Suggestion(token, names)}.";
        }

        if (command.Arguments.Count > 0)
        {
            string arguments = string.Join(" and ", command.Arguments.Select(a => a.Name.ToUpperInvariant()));
            return $"'{token}' is one value too many: ffnn {command.Name} takes {arguments} and options.";
        }

        return $"'{token}' is not an option of ffnn {command.Name} nor the value of one: write each value after its option, as in --name value.";
    }

    // A value that does not convert to its option's number type gets plain words instead of
    // System.CommandLine's message, which names the .NET type (System.Int32).
    private static string DescribeValue(ParseError error)
    {
        if (error.SymbolResult is not OptionResult option)
        {
            return error.Message;
        }

        Type type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
        string? expected = type == typeof(int) ? $"a whole number (at most {int.MaxValue})"
            : type == typeof(double) ? "a number, written like 0.5 or 1e-3"
            : null;
        if (option.Tokens.Count == 0)
        {
            string value = type == typeof(int) ? "a whole number" : type == typeof(double) ? "a number (such as 0.5 or 1e-3)" : "its value";
            return $"{option.Option.Name} has no value: write {value} after it.";
        }

        return expected is null ? error.Message : $"{option.Option.Name} '{option.Tokens[^1].Value}' is not valid: give {expected}.";
    }

    private static string CommandList(RootCommand root)
    {
        string[] names = [.. root.Subcommands.Select(c => c.Name)];
        return names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }

    // Returns " (did you mean 'name'?)" for the closest name within MaxSuggestionDistance edits,
    // or an empty string when none is that close.
    private static string Suggestion(string token, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = MaxSuggestionDistance + 1;
        foreach (string name in names)
        {
            int distance = EditDistance(token, name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best is null ? "" : $" (did you mean '{best}'?)";
    }

    // Levenshtein distance: the fewest single-character insertions, deletions and substitutions
    // that turn one string into the other.
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // The description up to its first sentence end, or up to `stop` when that comes first.
    private static string FirstSentence(string? text, char stop = '\0')
    {
        if (string.IsNullOrEmpty(text))
        {
            return "value it needs";
        }

        int end = text.IndexOf(". ", StringComparison.Ordinal);
        int stopAt = text.IndexOf(stop, StringComparison.Ordinal);
        if (stopAt >= 0 && (end < 0 || stopAt < end))
        {
            end = stopAt;
        }

        return (end >= 0 ? text[..end] : text).TrimEnd('.');
    }

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
