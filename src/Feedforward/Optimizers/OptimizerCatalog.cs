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
        var reader = new ParameterReader("optimizer", "sgd", settings);
        double momentum = reader.Get("momentum", 0);
        bool nesterov = reader.GetFlag("nesterov", false);
        reader.RejectUnknown();
        return new Sgd(momentum, nesterov);
    }

    private static RmsProp CreateRmsProp(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "rmsprop", settings);
        double alpha = reader.Get("alpha", 0.99);
        double epsilon = reader.Get("epsilon", 1e-8);
        double momentum = reader.Get("momentum", 0);
        bool centered = reader.GetFlag("centered", false);
        reader.RejectUnknown();
        return new RmsProp(alpha, epsilon, momentum, centered);
    }

    private static Adagrad CreateAdagrad(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "adagrad", settings);
        double epsilon = reader.Get("epsilon", 1e-10);
        double initialAccumulator = reader.Get("initial_accumulator", 0);
        reader.RejectUnknown();
        return new Adagrad(epsilon, initialAccumulator);
    }

    private static Adam CreateAdam(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "adam", settings);
        double beta1 = reader.Get("beta1", 0.9);
        double beta2 = reader.Get("beta2", 0.999);
        double epsilon = reader.Get("epsilon", 1e-8);
        reader.RejectUnknown();
        return new Adam(beta1, beta2, epsilon);
    }

    private static AdamW CreateAdamW(IReadOnlyDictionary<string, double>? settings)
    {
        var reader = new ParameterReader("optimizer", "adamw", settings);
        double beta1 = reader.Get("beta1", 0.9);
        double beta2 = reader.Get("beta2", 0.999);
        double epsilon = reader.Get("epsilon", 1e-8);
        double weightDecay = reader.Get("weight_decay", 0.01);
        reader.RejectUnknown();
        return new AdamW(beta1, beta2, epsilon, weightDecay);
    }
}
