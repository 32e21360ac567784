using Feedforward.Activations;

namespace Feedforward.Costs;

/// <summary>The built-in costs, and lookup by snake_case name.</summary>
/// <remarks>
/// Every name rejects parameters it does not take, and each cost's constructor rejects invalid
/// values, so a typo fails with a message that names the parameter rather than being ignored.
/// </remarks>
public static class CostCatalog
{
    /// <summary>Mean squared error.</summary>
    public static Cost MeanSquaredError { get; } = new MeanSquaredError();

    /// <summary>Mean absolute error.</summary>
    public static Cost MeanAbsoluteError { get; } = new MeanAbsoluteError();

    /// <summary>Binary cross-entropy.</summary>
    public static Cost BinaryCrossEntropy { get; } = new BinaryCrossEntropy();

    /// <summary>Categorical cross-entropy with one-hot targets.</summary>
    public static Cost CategoricalCrossEntropy { get; } = new CategoricalCrossEntropy();

    /// <summary>Categorical cross-entropy with class-index targets.</summary>
    public static Cost SparseCategoricalCrossEntropy { get; } = new SparseCategoricalCrossEntropy();

    /// <summary>Kullback-Leibler divergence.</summary>
    public static Cost KullbackLeiblerDivergence { get; } = new KullbackLeiblerDivergence();

    /// <summary>Hinge loss for targets of ±1.</summary>
    public static Cost Hinge { get; } = new Hinge();

    /// <summary>Squared hinge loss for targets of ±1.</summary>
    public static Cost SquaredHinge { get; } = new SquaredHinge();

    /// <summary>Negative log-likelihood of log-probabilities (after log_softmax).</summary>
    public static Cost NegativeLogLikelihood { get; } = new NegativeLogLikelihood();

    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>?, Cost>> Factories = new(StringComparer.Ordinal)
    {
        ["mean_squared_error"] = p => Fixed("mean_squared_error", p, MeanSquaredError),
        ["mean_absolute_error"] = p => Fixed("mean_absolute_error", p, MeanAbsoluteError),
        ["huber"] = CreateHuber,
        ["binary_cross_entropy"] = p => Fixed("binary_cross_entropy", p, BinaryCrossEntropy),
        ["categorical_cross_entropy"] = p => Fixed("categorical_cross_entropy", p, CategoricalCrossEntropy),
        ["sparse_categorical_cross_entropy"] = p => Fixed("sparse_categorical_cross_entropy", p, SparseCategoricalCrossEntropy),
        ["kullback_leibler_divergence"] = p => Fixed("kullback_leibler_divergence", p, KullbackLeiblerDivergence),
        ["hinge"] = p => Fixed("hinge", p, Hinge),
        ["squared_hinge"] = p => Fixed("squared_hinge", p, SquaredHinge),
        ["negative_log_likelihood"] = p => Fixed("negative_log_likelihood", p, NegativeLogLikelihood),
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the cost with the given snake_case name and parameters.</summary>
    /// <exception cref="ArgumentException">The name is unknown, a parameter name is unknown, or a parameter value is invalid.</exception>
    public static Cost Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"unknown cost '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
        }

        return factory(parameters);
    }

    private static Cost Fixed(string name, IReadOnlyDictionary<string, double>? parameters, Cost cost)
    {
        _ = new ParameterReader("cost", name, parameters);
        return cost;
    }

    private static Huber CreateHuber(IReadOnlyDictionary<string, double>? parameters)
    {
        var reader = new ParameterReader("cost", "huber", parameters, "delta");
        return new Huber(reader.Get("delta", 1.0));
    }
}
