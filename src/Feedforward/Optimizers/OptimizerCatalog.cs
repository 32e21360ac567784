using Feedforward.Activations;

namespace Feedforward.Optimizers;

/// <summary>Creates optimizers by snake_case name and settings.</summary>
/// <remarks>
/// Settings are the hyperparameters that do not depend on the learning rate (which the trainer
/// passes to each step). Flags such as "nesterov" are given as 1 or 0. Every name rejects
/// settings it does not take, and each optimizer's constructor rejects invalid values.
/// </remarks>
public static class OptimizerCatalog
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>?, Optimizer>> Factories = new(StringComparer.Ordinal)
    {
        ["sgd"] = CreateSgd,
        ["rmsprop"] = CreateRmsProp,
        ["adagrad"] = CreateAdagrad,
        ["adam"] = CreateAdam,
        ["adamw"] = CreateAdamW,
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the optimizer with the given name and settings (defaults for those not given).</summary>
    /// <exception cref="ArgumentException">The name is unknown, a setting name is unknown, or a setting value is invalid.</exception>
    public static Optimizer Create(string name, IReadOnlyDictionary<string, double>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"unknown optimizer '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
        }

        return factory(settings);
    }

    private static Sgd CreateSgd(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "sgd", settings, "momentum", "nesterov");
        return new Sgd(reader.Get("momentum", 0), reader.GetFlag("nesterov", false));
    }

    private static RmsProp CreateRmsProp(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "rmsprop", settings, "alpha", "epsilon", "momentum", "centered");
        return new RmsProp(reader.Get("alpha", 0.99), reader.Get("epsilon", 1e-8), reader.Get("momentum", 0), reader.GetFlag("centered", false));
    }

    private static Adagrad CreateAdagrad(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "adagrad", settings, "epsilon", "initial_accumulator");
        return new Adagrad(reader.Get("epsilon", 1e-10), reader.Get("initial_accumulator", 0));
    }

    private static Adam CreateAdam(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "adam", settings, "beta1", "beta2", "epsilon");
        return new Adam(reader.Get("beta1", 0.9), reader.Get("beta2", 0.999), reader.Get("epsilon", 1e-8));
    }

    private static AdamW CreateAdamW(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "adamw", settings, "beta1", "beta2", "epsilon", "weight_decay");
        return new AdamW(reader.Get("beta1", 0.9), reader.Get("beta2", 0.999), reader.Get("epsilon", 1e-8), reader.Get("weight_decay", 0.01));
    }
}
