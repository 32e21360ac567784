using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// The Kullback-Leibler divergence of the outputs from target distributions:
/// J = (1/m) Σ_j Σ_i y_ij ln(y_ij / a_ij), with dJ/da_ij = -y_ij / (a_ij m): equation (7.9)
/// eq:kullback-leibler in docs/derivation.md.
/// </summary>
/// <remarks>
/// <para>
/// Terms with y_ij = 0 contribute 0 (the limit of y ln y), and a is clamped to at least ε
/// (1e-7 for float, 1e-15 for double), so probabilities of exactly 0 or 1 give a finite J. J
/// equals categorical cross-entropy minus the entropy of y, so the two have the same gradient.
/// After a softmax layer the fused form is used: J from the logits through log-sum-exp, and
/// dZ = (A Σ_i y_i - Y) / m.
/// </para>
/// <para>
/// PyTorch's KLDivLoss(reduction = 'batchmean') given log a and y computes exactly J; its
/// default reduction 'mean' divides by units x examples instead. Keras's KLDivergence sums over
/// the units and averages over examples as J does, after clipping both y and a to [1e-7, 1].
/// </para>
/// </remarks>
public sealed class KullbackLeiblerDivergence : Cost
{
    /// <inheritdoc/>
    public override string Name => "kullback_leibler_divergence";

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
                sum += y[i] * (T.Log(y[i]) - T.Log(T.Max(a[i], eps)));
            }
        }

        return sum * CostChecks.InverseCount<T>(output.Columns);
    }

    /// <inheritdoc/>
    /// <remarks>The entropy of y does not depend on a, so the seed is categorical cross-entropy's.</remarks>
    public override void Gradient<T>(Matrix<T> output, Matrix<T> targets, Matrix<T> gradient) =>
        CostCatalog.CategoricalCrossEntropy.Gradient(output, targets, gradient);

    /// <inheritdoc/>
    public override FusedOutput? FuseWith(Activation outputActivation) =>
        outputActivation is Softmax ? SoftmaxKullbackLeibler.Instance : null;
}

/// <summary>
/// Softmax followed by the Kullback-Leibler divergence, from the logits z of each column:
/// loss = (Σ_i y_i) LSE(z) - Σ_i y_i z_i + Σ_i y_i ln y_i, the fused cross-entropy plus the
/// negative entropy of y, with the same gradient as the fused cross-entropy: equation (7.17)
/// eq:softmax-kullback-leibler in docs/derivation.md.
/// </summary>
internal sealed class SoftmaxKullbackLeibler : FusedOutput
{
    public static SoftmaxKullbackLeibler Instance { get; } = new();

    public override T Value<T>(Matrix<T> logits, Matrix<T> targets)
    {
        T crossEntropy = SoftmaxCrossEntropy.Instance.Value(logits, targets);
        ReadOnlySpan<T> y = targets.AsSpan();
        T negativeEntropy = T.Zero;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] != T.Zero)
            {
                negativeEntropy += y[i] * T.Log(y[i]);
            }
        }

        return crossEntropy + (negativeEntropy * CostChecks.InverseCount<T>(logits.Columns));
    }

    public override void Gradient<T>(Matrix<T> activations, Matrix<T> targets, Matrix<T> logitsGradient) =>
        SoftmaxCrossEntropy.Instance.Gradient(activations, targets, logitsGradient);
}
