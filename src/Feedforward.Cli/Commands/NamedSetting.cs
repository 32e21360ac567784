using System.Globalization;
using System.Text.Json.Nodes;

namespace Feedforward.Cli.Commands;

/// <summary>
/// A catalogue name with numeric settings, as written on the command line:
/// <c>NAME</c> or <c>NAME:key=value,key=value</c>, for example <c>adamw:weight_decay=0.01,beta2=0.99</c>.
/// Every option that names an activation, cost, optimizer or schedule uses this form.
/// </summary>
/// <param name="Name">The snake_case catalogue name.</param>
/// <param name="Settings">The settings in the order given; flags are 1 or 0.</param>
internal sealed record NamedSetting(string Name, IReadOnlyDictionary<string, double> Settings)
{
    /// <summary>Creates a name without settings.</summary>
    public NamedSetting(string name)
        : this(name, new Dictionary<string, double>(StringComparer.Ordinal))
    {
    }

    /// <summary>
    /// Parses <c>NAME[:key=value,...]</c>. Values are numbers in invariant culture; <c>true</c>
    /// and <c>false</c> stand for the flags 1 and 0.
    /// </summary>
    /// <param name="option">The option the text came from, such as "--optimizer", for messages.</param>
    /// <param name="text">The option's value.</param>
    /// <param name="example">A valid value of the option, shown in messages as the fix.</param>
    /// <exception cref="CliException">The name is empty, a setting lacks "=", a value is not a finite number, or a key repeats.</exception>
    public static NamedSetting Parse(string option, string text, string example)
    {
        string fix = $"write NAME or NAME:key=value,key=value, such as {example}";
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim();
        if (name.Length == 0)
        {
            throw new CliException($"{option} '{text}' has no name: {fix}");
        }

        var settings = new Dictionary<string, double>(StringComparer.Ordinal);
        if (colon < 0)
        {
            return new NamedSetting(name, settings);
        }

        foreach (string part in text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"{option} '{text}': '{part}' is not a key=value setting: {fix}");
            }

            string key = part[..equals].Trim();
            string valueText = part[(equals + 1)..].Trim();
            double value = ParseValue(valueText)
                ?? throw new CliException($"{option} '{text}': the value '{valueText}' of '{key}' is not a finite number: {fix}");
            if (!settings.TryAdd(key, value))
            {
                throw new CliException($"{option} '{text}': '{key}' is given twice: give each setting once");
            }
        }

        return new NamedSetting(name, settings);
    }

    /// <summary>Returns the command-line form, such as <c>adamw:weight_decay=0.01</c>.</summary>
    public override string ToString() =>
        Settings.Count == 0
            ? Name
            : $"{Name}:{string.Join(',', Settings.Select(s => $"{s.Key}={s.Value.ToString("R", CultureInfo.InvariantCulture)}"))}";

    /// <summary>Returns the JSON form stored in model files: <c>{ "name": NAME, key: value, ... }</c>.</summary>
    public JsonObject ToJson()
    {
        var node = new JsonObject { ["name"] = Name };
        foreach (var (key, value) in Settings)
        {
            node[key] = value;
        }

        return node;
    }

    private static double? ParseValue(string text)
    {
        switch (text)
        {
            case "true":
                return 1;
            case "false":
                return 0;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : null;
    }
}
