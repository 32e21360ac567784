using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// The squared hinge loss for targets of -1 or +1: J = (1/m) Σ_j Σ_i max(0, 1 - y_ij a_ij)²,
/// with dJ/da_ij = -2 y_ij max(0, 1 - y_ij a_ij) / m, continuous everywhere: equation (7.7)
/// eq:squared-hinge in docs/derivation.md.
/// </summary>
/// <remarks>
/// Targets other than -1 and +1 are rejected (map 0/1 labels with 2y - 1 first). The
/// per-element loss is Keras's SquaredHinge, whose mean over the n units equals J / n. Outputs
/// of ±1000 give J up to about 10⁶ per element, finite in float and double.
/// </remarks>
public sealed class SquaredHinge : Cost
{
    /// <inheritdoc/>
    public override string Name => "squared_hinge";

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
            T margin = T.Max(T.Zero, T.One - (y[i] * a[i]));
            sum += margin * margin;
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
        T scale = -T.CreateChecked(2) * CostChecks.InverseCount<T>(output.Columns);
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = scale * y[i] * T.Max(T.Zero, T.One - (y[i] * a[i]));
        }
    }
}
