using System.Numerics;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Binary cross-entropy for one sigmoid output, or several independent ones (multi-label):
/// J = -(1/m) Σ_j Σ_i [y ln a + (1 - y) ln(1 - a)], with dJ/da = (a - y) / (a (1 - a) m):
/// equation (7.2) eq:binary-cross-entropy in docs/derivation.md.
/// </summary>
/// <remarks>
/// The general path clamps a to [ε, 1 - ε] (ε = 1e-7 for float, 1e-15 for double) so a
/// saturated sigmoid gives a large finite cost rather than infinity. After a sigmoid layer the
/// fused form is used: J from the logits through softplus, and dZ = (A - Y) / m.
/// </remarks>
public sealed class BinaryCrossEntropy : Cost
{
    /// <inheritdoc/>
    public override string Name => "binary_cross_entropy";

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
            T p = T.Clamp(a[i], eps, T.One - eps);
            sum -= (y[i] * T.Log(p)) + ((T.One - y[i]) * T.Log(T.One - p));
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
            T p = T.Clamp(a[i], eps, T.One - eps);
            g[i] = (p - y[i]) / (p * (T.One - p)) * inverseM;
        }
    }

    /// <inheritdoc/>
    public override FusedOutput? FuseWith(Activation outputActivation) =>
        outputActivation is Sigmoid ? SigmoidBinaryCrossEntropy.Instance : null;
}
