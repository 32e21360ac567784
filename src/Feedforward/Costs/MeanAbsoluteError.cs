using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Mean absolute error, J = (1/m) Σ_j Σ_i |a_ij - y_ij|, with dJ/da_ij = sign(a_ij - y_ij) / m:
/// equation (7.4) eq:mean-absolute-error in docs/derivation.md.
/// </summary>
/// <remarks>
/// At a_ij = y_ij exactly the derivative is taken as 0, the value of sign(0), as in PyTorch's
/// L1Loss backward. Summed over the n output units: PyTorch's L1Loss and Keras's
/// MeanAbsoluteError (means over all elements) equal J / n. NaN in a or y gives NaN in J.
/// </remarks>
public sealed class MeanAbsoluteError : Cost
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_error";

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SameShape(output, targets);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            sum += T.Abs(a[i] - y[i]);
        }

        return sum * CostChecks.InverseCount<T>(output.Columns);
    }

    /// <inheritdoc/>
    public override void Gradient<T>(Matrix<T> output, Matrix<T> targets, Matrix<T> gradient)
    {
        CostChecks.SameShape(output, targets);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        Span<T> g = gradient.AsSpan();
        T inverseM = CostChecks.InverseCount<T>(output.Columns);
        for (int i = 0; i < a.Length; i++)
        {
            T d = a[i] - y[i];
            if (d > T.Zero)
            {
                g[i] = inverseM;
            }
            else if (d < T.Zero)
            {
                g[i] = -inverseM;
            }
            else
            {
                // 0 at d = 0, and NaN when d is NaN.
                g[i] = d * inverseM;
            }
        }
    }
}
