using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// An output activation and cost computed together from the logits Z[L], where the chain
/// dJ/dA[L] then (dA/dZ)^T reduces to dZ[L] = (A[L] - Y) / m and J can be formed without
/// taking the logarithm of a probability that rounded to 0.
/// </summary>
public abstract class FusedOutput
{
    /// <summary>Returns J computed from the logits Z[L] and targets Y.</summary>
    public abstract T Value<T>(Matrix<T> logits, Matrix<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Computes dZ[L] = dJ/dZ[L] from the activations A[L] = g(Z[L]) and targets Y.</summary>
    public abstract void Gradient<T>(Matrix<T> activations, Matrix<T> targets, Matrix<T> logitsGradient)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
