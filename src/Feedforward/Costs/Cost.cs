using System.Numerics;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// A cost J = f(A[L], Y) over a batch: the per-element loss is summed over the output units of
/// each example and averaged over the m examples (columns), so the 1/m lives inside J and the
/// gradients it seeds are already scaled by it.
/// </summary>
/// <remarks>
/// PyTorch's and Keras's default "mean" reduction divides by units x examples; for a network
/// with n outputs their value is ours divided by n. For costs that sum to one term per example
/// (categorical cross-entropy with one-hot targets) the two agree.
/// </remarks>
public abstract class Cost
{
    /// <summary>The snake_case name used in model files, JSON cases and on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>Named numeric parameters (for example Huber's delta), empty for most costs.</summary>
    public virtual IReadOnlyDictionary<string, double> Parameters { get; } = new Dictionary<string, double>();

    /// <summary>
    /// Returns the number of rows the targets of a network with <paramref name="outputUnits"/>
    /// outputs must have: <paramref name="outputUnits"/> for most costs, 1 for costs whose
    /// targets are class indices.
    /// </summary>
    public virtual int TargetRows(int outputUnits) => outputUnits;

    /// <summary>
    /// Returns J for outputs A[L] and targets Y, both units x examples: the mean over the
    /// examples of equation (2.4) eq:cost in docs/derivation.md.
    /// </summary>
    public abstract T Value<T>(Matrix<T> output, Matrix<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Computes the seed of backward propagation, dA[L] = dJ/dA[L], into <paramref name="gradient"/>.
    /// It carries the 1/m of the cost (equation (5.1) eq:seed-per-example in docs/derivation.md).
    /// </summary>
    public abstract void Gradient<T>(Matrix<T> output, Matrix<T> targets, Matrix<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Returns the fused, numerically stable form of this cost after <paramref name="outputActivation"/>,
    /// or null when the pair has none.
    /// </summary>
    public virtual FusedOutput? FuseWith(Activation outputActivation) => null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
