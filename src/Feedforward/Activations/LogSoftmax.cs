using System.Numerics.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// Log-softmax over each column: a_i = z_i - ln Σ_k e^(z_k), the logarithm of
/// <see cref="Softmax"/>, a vector-valued activation whose outputs are log-probabilities.
/// </summary>
/// <remarks>
/// The forward pass subtracts the column's maximum before exponentiating (a_i = z_i - max -
/// ln Σ_k e^(z_k - max)), so logits of ±1000 give finite log-probabilities such as -2000
/// where softmax would round to 0. The Jacobian is da_i/dz_k = δ_ik - s_k with s = softmax(z)
/// = e^a, so its transpose product is dz = da - s (Σ_i da_i), O(n) per column. It pairs with
/// the negative_log_likelihood cost, as PyTorch's LogSoftmax pairs with NLLLoss.
/// </remarks>
public sealed class LogSoftmax : VectorActivation
{
    /// <inheritdoc/>
    public override string Name => "log_softmax";

    /// <inheritdoc/>
    protected override void ForwardColumn<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        if (z.Length == 0)
        {
            return;
        }

        // Equation (6.17) eq:log-softmax in docs/derivation.md: a = (z - max) - ln Σ e^(z - max).
        T max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, a);
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            sum += T.Exp(a[i]);
        }

        TensorPrimitives.Subtract(a, T.Log(sum), a);
    }

    /// <inheritdoc/>
    protected override void BackwardColumn<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz)
    {
        // Equations (6.18) eq:log-softmax-jacobian and (6.19) eq:log-softmax-backward in
        // docs/derivation.md: dz = da - e^a (Σ da), since softmax(z) = e^a.
        T total = TensorPrimitives.Sum(da);
        for (int i = 0; i < dz.Length; i++)
        {
            dz[i] = da[i] - (T.Exp(a[i]) * total);
        }
    }
}
