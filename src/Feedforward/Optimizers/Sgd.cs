using System.Numerics;
using System.Numerics.Tensors;

namespace Feedforward.Optimizers;

/// <summary>Plain stochastic gradient descent: θ ← θ - η dJ/dθ, equation (8.1) eq:sgd in docs/derivation.md.</summary>
public sealed class Sgd : Optimizer
{
    /// <inheritdoc/>
    public override string Name => "sgd";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; } = new Dictionary<string, double>();

    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length) => new State<T>();

    private sealed class State<T> : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate) =>
            TensorPrimitives.MultiplyAdd(gradient, -learningRate, parameters, parameters);
    }
}
