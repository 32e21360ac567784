using System.Numerics;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Categorical cross-entropy for one-hot (or probability) targets:
/// J = -(1/m) Σ_j Σ_i y_ij ln a_ij, with dJ/da_ij = -y_ij / (a_ij m): equation (7.3)
/// eq:categorical-cross-entropy in docs/derivation.md.
/// </summary>
/// <remarks>
/// The general path clamps a to at least ε (1e-7 for float, 1e-15 for double). After a softmax
/// layer the fused form is used: J from the logits through log-sum-exp, and dZ = (A - Y) / m
/// for targets whose columns sum to 1.
/// </remarks>
public sealed class CategoricalCrossEntropy : Cost
{
    /// <inheritdoc/>
    public override string Name => "categorical_cross_entropy";

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SameShape(output, targets);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T eps = CostChecks.ProbabilityFloor<T>();
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            if (y[i] != T.Zero)
            {
                sum -= y[i] * T.Log(T.Max(a[i], eps));
            }
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
        T eps = CostChecks.ProbabilityFloor<T>();
        T inverseM = CostChecks.InverseCount<T>(output.Columns);
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = -y[i] / T.Max(a[i], eps) * inverseM;
        }
    }

    /// <inheritdoc/>
    public override FusedOutput? FuseWith(Activation outputActivation) =>
        outputActivation is Softmax ? SoftmaxCrossEntropy.Instance : null;
}
