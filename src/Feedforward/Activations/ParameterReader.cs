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

    /// <param name="kind">What is being built, for messages: "activation", "cost", "optimizer" or "schedule".</param>
    /// <param name="name">The snake_case name it was requested by.</param>
    /// <param name="parameters">The parameters given, or null for none.</param>
    /// <param name="accepted">Every parameter name the entry takes.</param>
    /// <exception cref="ArgumentException">A parameter name is not in <paramref name="accepted"/>.</exception>
    public ParameterReader(string kind, string name, IReadOnlyDictionary<string, double>? parameters, params string[] accepted)
    {
        _kind = kind;
        _name = name;
        _parameters = parameters ?? new Dictionary<string, double>();
        foreach (string key in _parameters.Keys)
        {
            if (!accepted.Contains(key))
            {
                string takes = accepted.Length == 0 ? "it takes no parameters" : $"it takes {string.Join(", ", accepted)}";
                throw new ArgumentException($"{kind} '{name}' has no parameter '{key}': {takes}", key);
            }
        }
    }

    /// <summary>Returns the value of <paramref name="key"/>, or <paramref name="defaultValue"/> when it was not given.</summary>
    public double Get(string key, double defaultValue) =>
        _parameters.TryGetValue(key, out double value) ? value : defaultValue;

    /// <summary>Returns the value of <paramref name="key"/>, which has no default.</summary>
    /// <exception cref="ArgumentException">The parameter was not given.</exception>
    public double GetRequired(string key)
    {
        if (!_parameters.TryGetValue(key, out double value))
        {
            throw new ArgumentException($"{_kind} '{_name}' needs the parameter '{key}', which has no default", key);
        }

        return value;
    }

    /// <summary>Returns a count such as a number of epochs, which must be a whole number; required when <paramref name="defaultValue"/> is null.</summary>
    /// <exception cref="ArgumentException">The parameter is required but missing, or not a whole number in the range of <see cref="int"/>.</exception>
    public int GetWholeNumber(string key, int? defaultValue)
    {
        double value = defaultValue is int fallback ? Get(key, fallback) : GetRequired(key);
        if (!double.IsInteger(value) || value < int.MinValue || value > int.MaxValue)
        {
            throw new ArgumentException($"{_kind} '{_name}' parameter '{key}' must be a whole number, got {value}", key);
        }

        return (int)value;
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
}
