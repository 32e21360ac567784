namespace Feedforward.Activations;

/// <summary>
/// The exponential linear unit (Clevert, Unterthiner and Hochreiter, 2016): g(z) = z for z &gt; 0
/// and g(z) = α (e^z - 1) otherwise, with α &gt; 0 (parameter "alpha", default 1). Equation (6.6)
/// eq:elu in docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = 1 for z &gt; 0 and α e^z for z &lt;= 0. At exactly z = 0 the derivative is taken as α,
/// the left derivative, as in PyTorch's elu backward kernel (which tests z &lt;= 0); with the
/// default α = 1 both sides agree and g is continuously differentiable. e^z - 1 is computed
/// as expm1(z), so it keeps full precision for z near 0. NaN in z gives NaN in a.
/// </remarks>
public sealed class Elu : ElementwiseActivation
{
    /// <summary>Creates an ELU with the given α.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not a positive finite number.</exception>
    public Elu(double alpha = 1.0)
    {
        if (!(alpha > 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"elu alpha must be a positive finite number, got {alpha}");
        }

        Alpha = alpha;
        Parameters = new Dictionary<string, double> { ["alpha"] = alpha };
    }

    /// <summary>α, the value g approaches as z goes to minus infinity is -α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override string Name => "elu";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    /// <inheritdoc/>
    public override T Value<T>(T z) => z > T.Zero ? z : T.CreateChecked(Alpha) * T.ExpM1(z);

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => z > T.Zero ? T.One : T.CreateChecked(Alpha) * T.Exp(z);
}
