using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// The Huber loss with threshold δ &gt; 0 (parameter "delta", default 1): per element, with
/// d = a - y, loss = d²/2 for |d| &lt;= δ and δ (|d| - δ/2) otherwise; J sums the losses over
/// the units and averages over the m examples. Equation (7.5) eq:huber in docs/derivation.md.
/// </summary>
/// <remarks>
/// dJ/da = d / m for |d| &lt;= δ and δ sign(d) / m otherwise, continuous at |d| = δ. The
/// per-element loss is that of PyTorch's HuberLoss(delta) and Keras's Huber(delta); their
/// mean reduction over all elements equals J / n for n output units. PyTorch's SmoothL1Loss
/// with beta = δ is the Huber loss divided by δ. Large |d| grows linearly, so outputs of ±1000
/// give a finite J.
/// </remarks>
public sealed class Huber : Cost
{
    /// <summary>Creates the Huber loss with threshold δ.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not a positive finite number.</exception>
    public Huber(double delta = 1.0)
    {
        if (!(delta > 0) || double.IsInfinity(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"huber delta must be a positive finite number, got {delta}");
        }

        Delta = delta;
        Parameters = new Dictionary<string, double> { ["delta"] = delta };
    }

    /// <summary>δ, where the loss turns from quadratic to linear.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override string Name => "huber";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SameShape(output, targets);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        T delta = T.CreateChecked(Delta);
        T half = T.CreateChecked(0.5);
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            T d = T.Abs(a[i] - y[i]);
            sum += d <= delta ? half * d * d : delta * (d - (half * delta));
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
        T delta = T.CreateChecked(Delta);
        T inverseM = CostChecks.InverseCount<T>(output.Columns);
        for (int i = 0; i < a.Length; i++)
        {
            g[i] = T.Clamp(a[i] - y[i], -delta, delta) * inverseM;
        }
    }
}
