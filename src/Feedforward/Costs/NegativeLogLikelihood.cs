using System.Numerics.Tensors;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// The negative log-likelihood of log-probability outputs, for use after a log_softmax layer:
/// J = -(1/m) Σ_j Σ_i y_ij a_ij, with dJ/da_ij = -y_ij / m: equation (7.10)
/// eq:negative-log-likelihood in docs/derivation.md.
/// </summary>
/// <remarks>
/// The outputs a are log-probabilities, so no logarithm is taken here and J is finite for any
/// finite a. log_softmax gives finite a (such as -2000) even for logits of ±1000. Targets are
/// one-hot (or probability) columns, units x examples, as for categorical cross-entropy. After
/// a log_softmax layer the fused form is used: J from the logits through log-sum-exp, and
/// dZ = (e^A Σ_i y_i - Y) / m. With one-hot targets this is PyTorch's NLLLoss after LogSoftmax
/// (which takes class indices instead of one-hot columns); its mean reduction equals J.
/// </remarks>
public sealed class NegativeLogLikelihood : Cost
{
    /// <inheritdoc/>
    public override string Name => "negative_log_likelihood";

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SameShape(output, targets);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            if (y[i] != T.Zero)
            {
                sum -= y[i] * a[i];
            }
        }

        return sum * CostChecks.InverseCount<T>(output.Columns);
    }

    /// <inheritdoc/>
    public override void Gradient<T>(Matrix<T> output, Matrix<T> targets, Matrix<T> gradient)
    {
        CostChecks.SameShape(output, targets);
        TensorPrimitives.Multiply(targets.AsSpan(), -CostChecks.InverseCount<T>(output.Columns), gradient.AsSpan());
    }

    /// <inheritdoc/>
    public override FusedOutput? FuseWith(Activation outputActivation) =>
        outputActivation is LogSoftmax ? LogSoftmaxNegativeLogLikelihood.Instance : null;
}

/// <summary>
/// Log-softmax followed by the negative log-likelihood, from the logits z of each column:
/// loss = (Σ_i y_i) LSE(z) - Σ_i y_i z_i (the same value as softmax with cross-entropy), and
/// dz = (e^a Σ_i y_i - y) / m, where e^a = softmax(z) since a contains log-probabilities:
/// equation (7.18) eq:log-softmax-negative-log-likelihood in docs/derivation.md.
/// </summary>
internal sealed class LogSoftmaxNegativeLogLikelihood : FusedOutput
{
    public static LogSoftmaxNegativeLogLikelihood Instance { get; } = new();

    public override T Value<T>(Matrix<T> logits, Matrix<T> targets) =>
        SoftmaxCrossEntropy.Instance.Value(logits, targets);

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
            for (int i = 0; i < a.Length; i++)
            {
                g[i] = ((T.Exp(a[i]) * targetSum) - y[i]) * inverseM;
            }
        }
    }
}
