namespace Feedforward.Activations;

/// <summary>The built-in activations, and lookup by snake_case name.</summary>
public static class ActivationCatalog
{
    /// <summary>g(z) = z.</summary>
    public static Activation Linear { get; } = new Linear();

    /// <summary>g(z) = max(z, 0).</summary>
    public static Activation Relu { get; } = new Relu();

    /// <summary>g(z) = 1 / (1 + e^-z).</summary>
    public static Activation Sigmoid { get; } = new Sigmoid();

    /// <summary>g(z) = tanh z.</summary>
    public static Activation Tanh { get; } = new Tanh();

    /// <summary>Softmax over each column.</summary>
    public static Activation Softmax { get; } = new Softmax();

    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>, Activation>> Factories = new(StringComparer.Ordinal)
    {
        ["linear"] = _ => Linear,
        ["relu"] = _ => Relu,
        ["sigmoid"] = _ => Sigmoid,
        ["tanh"] = _ => Tanh,
        ["softmax"] = _ => Softmax,
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the activation with the given snake_case name and parameters.</summary>
    /// <exception cref="ArgumentException">The name is unknown or a parameter is invalid.</exception>
    public static Activation Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"unknown activation '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
        }

        return factory(parameters ?? new Dictionary<string, double>());
    }
}
