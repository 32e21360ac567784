namespace Feedforward.Activations;

/// <summary>
/// Reads the named numeric parameters given to a catalogue entry (an activation, cost,
/// optimizer or learning-rate schedule), so every catalogue rejects an unknown name with the
/// same kind of message. Values are checked by the constructor of the thing being built.
/// </summary>
internal sealed class ParameterReader
{
    private readonly string _kind;
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, double> _parameters;
    private readonly List<string> _known = [];

    /// <param name="kind">What is being built, for messages: "activation", "cost", "optimizer" or "schedule".</param>
    /// <param name="name">The snake_case name it was asked for by.</param>
    /// <param name="parameters">The parameters given, or null for none.</param>
    public ParameterReader(string kind, string name, IReadOnlyDictionary<string, double>? parameters)
    {
        _kind = kind;
        _name = name;
        _parameters = parameters ?? new Dictionary<string, double>();
    }

    /// <summary>Returns the value of <paramref name="key"/>, or <paramref name="defaultValue"/> when it was not given.</summary>
    public double Get(string key, double defaultValue)
    {
        _known.Add(key);
        return _parameters.TryGetValue(key, out double value) ? value : defaultValue;
    }

    /// <summary>Returns a yes/no setting given as 1 or 0, or <paramref name="defaultValue"/> when it was not given.</summary>
    /// <exception cref="ArgumentException">The value is neither 0 nor 1.</exception>
    public bool GetFlag(string key, bool defaultValue)
    {
        double value = Get(key, defaultValue ? 1 : 0);
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw new ArgumentException($"{_kind} '{_name}' parameter '{key}' is a flag: expected 0 or 1, got {value}", key),
        };
    }

    /// <summary>Throws when a parameter was given that no <see cref="Get"/> call read.</summary>
    /// <exception cref="ArgumentException">A parameter name is unknown.</exception>
    public void RejectUnknown()
    {
        foreach (string key in _parameters.Keys)
        {
            if (_known.Contains(key))
            {
                continue;
            }

            string accepted = _known.Count == 0 ? "it takes no parameters" : $"it takes {string.Join(", ", _known)}";
            throw new ArgumentException($"{_kind} '{_name}' has no parameter '{key}': {accepted}", key);
        }
    }
}
