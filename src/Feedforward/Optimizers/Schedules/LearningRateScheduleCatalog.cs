using Feedforward.Activations;

namespace Feedforward.Optimizers.Schedules;

/// <summary>Creates learning-rate schedules by snake_case name and settings.</summary>
/// <remarks>
/// Names and settings (defaults in brackets, counts given as whole numbers):
/// "step": step_size (epochs, required), gamma [0.1];
/// "exponential": gamma (required);
/// "cosine": period [0, the whole run], minimum [0];
/// "warmup_cosine": warmup_steps (required), minimum [0];
/// "reduce_on_plateau": factor [0.1], patience [10], threshold [1e-4], cooldown [0], minimum [0].
/// Unknown setting names, missing required settings and invalid values are rejected by name.
/// </remarks>
public static class LearningRateScheduleCatalog
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>?, LearningRateSchedule>> Factories = new(StringComparer.Ordinal)
    {
        ["step"] = CreateStep,
        ["exponential"] = CreateExponential,
        ["cosine"] = CreateCosine,
        ["warmup_cosine"] = CreateWarmupCosine,
        ["reduce_on_plateau"] = CreateReduceOnPlateau,
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the schedule with the given name and settings.</summary>
    /// <exception cref="ArgumentException">The name is unknown, a setting name is unknown, a required setting is missing, or a value is invalid.</exception>
    public static LearningRateSchedule Create(string name, IReadOnlyDictionary<string, double>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"unknown learning-rate schedule '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
        }

        return factory(settings);
    }

    private static StepDecay CreateStep(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("schedule", "step", settings, "step_size", "gamma");
        return new StepDecay(reader.GetWholeNumber("step_size", null), reader.Get("gamma", 0.1));
    }

    private static ExponentialDecay CreateExponential(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("schedule", "exponential", settings, "gamma");
        return new ExponentialDecay(reader.GetRequired("gamma"));
    }

    private static CosineAnnealing CreateCosine(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("schedule", "cosine", settings, "period", "minimum");
        return new CosineAnnealing(reader.GetWholeNumber("period", 0), reader.Get("minimum", 0));
    }

    private static WarmupCosine CreateWarmupCosine(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("schedule", "warmup_cosine", settings, "warmup_steps", "minimum");
        return new WarmupCosine(reader.GetWholeNumber("warmup_steps", null), reader.Get("minimum", 0));
    }

    private static ReduceOnPlateau CreateReduceOnPlateau(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("schedule", "reduce_on_plateau", settings, "factor", "patience", "threshold", "cooldown", "minimum");
        return new ReduceOnPlateau(
            reader.Get("factor", 0.1),
            reader.GetWholeNumber("patience", 10),
            reader.Get("threshold", 1e-4),
            reader.GetWholeNumber("cooldown", 0),
            reader.Get("minimum", 0));
    }
}
