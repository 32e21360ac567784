using System.Numerics;

namespace Feedforward.Optimizers;

/// <summary>
/// An update rule for the parameters θ (each W[l] and b[l]) from their gradients dJ/dθ. It
/// creates one <see cref="OptimizerState{T}"/> per parameter tensor, which keeps that
/// tensor's moment estimates between steps.
/// </summary>
public abstract class Optimizer
{
    /// <summary>The snake_case name used in model files and on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>Creates the state for one parameter tensor of <paramref name="length"/> elements.</summary>
    public abstract OptimizerState<T> CreateState<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The settings that define this optimizer, for model files and reports.</summary>
    public abstract IReadOnlyDictionary<string, double> Settings { get; }
}

/// <summary>The per-tensor state of an optimizer, updating the tensor in place.</summary>
public abstract class OptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Applies one update to <paramref name="parameters"/> given <paramref name="gradient"/>.
    /// <paramref name="stepNumber"/> counts updates from 1.
    /// </summary>
    public abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate);
}
