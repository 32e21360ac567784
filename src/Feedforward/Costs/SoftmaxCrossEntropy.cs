using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Softmax followed by categorical cross-entropy, computed from the logits z of each column:
/// loss = (Σ_i y_i) LSE(z) - Σ_i y_i z_i with LSE(z) = max z + ln Σ_i e^(z_i - max z),
/// and dz = (a Σ_i y_i - y) / m, which is (a - y) / m for one-hot targets.
/// </summary>
internal sealed class SoftmaxCrossEntropy : FusedOutput
{
    public static SoftmaxCrossEntropy Instance { get; } = new();

    public override T Value<T>(Matrix<T> logits, Matrix<T> targets)
    {
        CostChecks.SameShape(logits, targets);
        T sum = T.Zero;
        for (int j = 0; j < logits.Columns; j++)
        {
            ReadOnlySpan<T> z = logits.Column(j);
            ReadOnlySpan<T> y = targets.Column(j);
            // Equation (7.15) eq:softmax-cross-entropy-value in docs/derivation.md: (Σ y) LSE(z) - yᵀz.
            sum += (TensorPrimitives.Sum(y) * LogSumExp(z)) - TensorPrimitives.Dot(y, z);
        }

        return sum * CostChecks.InverseCount<T>(logits.Columns);
    }

    public override void Gradient<T>(Matrix<T> activations, Matrix<T> targets, Matrix<T> logitsGradient)
    {
        CostChecks.SameShape(activations, targets);
        T inverseM = CostChecks.InverseCount<T>(activations.Columns);
        for (int j = 0; j < activations.Columns; j++)
        {
            ReadOnlySpan<T> a = activations.Column(j);
            ReadOnlySpan<T> y = targets.Column(j);
            Span<T> g = logitsGradient.Column(j);
            T targetSum = TensorPrimitives.Sum(y);

            // Equation (7.13) eq:softmax-cross-entropy-gradient in docs/derivation.md: dz = (a Σ y - y) / m.
            for (int i = 0; i < a.Length; i++)
            {
                g[i] = ((a[i] * targetSum) - y[i]) * inverseM;
            }
        }
    }

    /// <summary>
    /// Returns ln Σ e^(z_i), shifted by the maximum so no exponential overflows: equation (7.14)
    /// eq:log-sum-exp in docs/derivation.md.
    /// </summary>
    internal static T LogSumExp<T>(ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z.IsEmpty)
        {
            return T.NegativeInfinity;
        }

        T max = TensorPrimitives.Max(z);
        T sum = T.Zero;
        for (int i = 0; i < z.Length; i++)
        {
            sum += T.Exp(z[i] - max);
        }

        return max + T.Log(sum);
    }
}
