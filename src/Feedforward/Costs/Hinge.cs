using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// The hinge loss for targets of -1 or +1: J = (1/m) Σ_j Σ_i max(0, 1 - y_ij a_ij), with
/// dJ/da_ij = -y_ij / m where y_ij a_ij &lt; 1 and 0 elsewhere: equation (7.6) eq:hinge in
/// docs/derivation.md.
/// </summary>
/// <remarks>
/// At the kink y a = 1 exactly the derivative is taken as 0. Targets other than -1 and +1 are
/// rejected (map 0/1 labels with 2y - 1 first). The per-element loss is Keras's Hinge, whose
/// mean over the n units equals J / n; Keras converts 0/1 labels itself, this class does not.
/// PyTorch has no loss of this form (its HingeEmbeddingLoss is a different function). Use it
/// with a linear or tanh output; the loss grows linearly, so outputs of ±1000 give a finite J.
/// </remarks>
public sealed class Hinge : Cost
{
    /// <inheritdoc/>
    public override string Name => "hinge";

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SameShape(output, targets);
        CostChecks.PlusMinusOne(targets, Name);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            sum += T.Max(T.Zero, T.One - (y[i] * a[i]));
        }

        return sum * CostChecks.InverseCount<T>(output.Columns);
    }

    /// <inheritdoc/>
    public override void Gradient<T>(Matrix<T> output, Matrix<T> targets, Matrix<T> gradient)
    {
        CostChecks.SameShape(output, targets);
        CostChecks.PlusMinusOne(targets, Name);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        Span<T> g = gradient.AsSpan();
        T inverseM = CostChecks.InverseCount<T>(output.Columns);
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = y[i] * a[i] < T.One ? -y[i] * inverseM : T.Zero;
        }
    }
}
