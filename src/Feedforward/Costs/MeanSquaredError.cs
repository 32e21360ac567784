using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Mean squared error, J = (1/m) Σ_j Σ_i (a_ij - y_ij)², with dJ/da_ij = 2 (a_ij - y_ij) / m:
/// equation (7.1) eq:mean-squared-error in docs/derivation.md.
/// </summary>
/// <remarks>
/// Summed over the n output units: PyTorch's MSELoss (mean over all elements) equals J / n.
/// There is no factor 1/2.
/// </remarks>
public sealed class MeanSquaredError : Cost
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SameShape(output, targets);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            T d = a[i] - y[i];
            sum += d * d;
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
        T scale = T.CreateChecked(2) * CostChecks.InverseCount<T>(output.Columns);
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = scale * (a[i] - y[i]);
        }
    }
}
