namespace Feedforward.Optimizers;

/// <summary>Creates optimizers by snake_case name.</summary>
public static class OptimizerCatalog
{
    private static readonly Dictionary<string, Func<Optimizer>> Factories = new(StringComparer.Ordinal)
    {
        ["sgd"] = () => new Sgd(),
        ["adam"] = () => new Adam(),
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the optimizer with the given name and its default settings.</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Optimizer Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"unknown optimizer '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
        }

        return factory();
    }
}
