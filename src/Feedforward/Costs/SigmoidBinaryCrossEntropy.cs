using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Sigmoid followed by binary cross-entropy, computed from the logits z:
/// per element, loss = max(z, 0) - z y + ln(1 + e^-|z|), and dZ = (σ(z) - y) / m.
/// </summary>
/// <remarks>
/// The softplus form equals -[y ln σ(z) + (1 - y) ln(1 - σ(z))] exactly, but never
/// exponentiates a positive number, so it stays finite for logits of ±1000.
/// </remarks>
internal sealed class SigmoidBinaryCrossEntropy : FusedOutput
{
    public static SigmoidBinaryCrossEntropy Instance { get; } = new();

    public override T Value<T>(Matrix<T> logits, Matrix<T> targets)
    {
        CostChecks.SameShape(logits, targets);
        ReadOnlySpan<T> z = logits.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T sum = T.Zero;

        // Equation (7.12) eq:sigmoid-cross-entropy-value in docs/derivation.md: softplus(z) - z y.
        for (int i = 0; i < z.Length; i++)
        {
            sum += T.Max(z[i], T.Zero) - (z[i] * y[i]) + T.LogP1(T.Exp(-T.Abs(z[i])));
        }

        return sum * CostChecks.InverseCount<T>(logits.Columns);
    }

    public override void Gradient<T>(Matrix<T> activations, Matrix<T> targets, Matrix<T> logitsGradient)
    {
        CostChecks.SameShape(activations, targets);
        ReadOnlySpan<T> a = activations.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        Span<T> g = logitsGradient.AsSpan();
        T inverseM = CostChecks.InverseCount<T>(activations.Columns);

        // Equation (7.11) eq:sigmoid-cross-entropy-gradient in docs/derivation.md: dZ = (A - Y) / m.
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = (a[i] - y[i]) * inverseM;
        }
    }
}
