using System.Numerics;
using System.Numerics.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// Softmax over each column: a_i = e^(z_i) / Σ_k e^(z_k), a vector-valued activation whose
/// outputs are positive and sum to 1.
/// </summary>
/// <remarks>
/// The forward pass subtracts the column's maximum before exponentiating, so logits of ±1000
/// give finite probabilities. The Jacobian is da_i/dz_k = a_i (δ_ik - a_k), and its transpose
/// product is dz = a ⊙ (da - (aᵀda) 1), which costs O(n) per column instead of O(n²).
/// </remarks>
public sealed class Softmax : VectorActivation
{
    /// <inheritdoc/>
    public override string Name => "softmax";

    /// <inheritdoc/>
    protected override void ForwardColumn<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        if (z.Length == 0)
        {
            return;
        }

        // NOTE: TensorPrimitives.SoftMax does not subtract the maximum, so it overflows to NaN
        // for float logits above about 88; this shifts first.
        // Equation (6.14) eq:softmax in docs/derivation.md: shift by the maximum, exponentiate, normalize.
        T max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, a);
        TensorPrimitives.Exp(a, a);
        T sum = TensorPrimitives.Sum<T>(a);
        TensorPrimitives.Divide(a, sum, a);
    }

    /// <inheritdoc/>
    protected override void BackwardColumn<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz)
    {
        // Equations (6.15) eq:softmax-jacobian and (6.16) eq:softmax-backward in docs/derivation.md.
        T dot = TensorPrimitives.Dot(a, da);
        TensorPrimitives.Subtract(da, dot, dz);
        TensorPrimitives.Multiply(dz, a, dz);
    }
}
