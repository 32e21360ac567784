namespace Feedforward.Costs;

/// <summary>The built-in costs, and lookup by snake_case name.</summary>
public static class CostCatalog
{
    /// <summary>Mean squared error.</summary>
    public static Cost MeanSquaredError { get; } = new MeanSquaredError();

    /// <summary>Binary cross-entropy.</summary>
    public static Cost BinaryCrossEntropy { get; } = new BinaryCrossEntropy();

    /// <summary>Categorical cross-entropy.</summary>
    public static Cost CategoricalCrossEntropy { get; } = new CategoricalCrossEntropy();

    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>, Cost>> Factories = new(StringComparer.Ordinal)
    {
        ["mean_squared_error"] = _ => MeanSquaredError,
        ["binary_cross_entropy"] = _ => BinaryCrossEntropy,
        ["categorical_cross_entropy"] = _ => CategoricalCrossEntropy,
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the cost with the given snake_case name and parameters.</summary>
    /// <exception cref="ArgumentException">The name is unknown or a parameter is invalid.</exception>
    public static Cost Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"unknown cost '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
        }

        return factory(parameters ?? new Dictionary<string, double>());
    }
}
