namespace Feedforward.Activations;

/// <summary>
/// The leaky rectified linear unit: g(z) = z for z &gt; 0 and g(z) = s z otherwise, with the
/// slope s (parameter "slope", default 0.01). Equation (6.5) eq:leaky-relu in
/// docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = 1 for z &gt; 0 and s for z &lt;= 0. At exactly z = 0 the derivative is taken as s, the
/// left derivative, as in PyTorch's leaky_relu backward kernel, which tests z &gt; 0. Same
/// function as PyTorch's nn.LeakyReLU(negative_slope = s). NaN in z gives NaN in a.
/// </remarks>
public sealed class LeakyRelu : ElementwiseActivation
{
    /// <summary>The slope used when none is given, as in PyTorch and Keras.</summary>
    public const double DefaultSlope = 0.01;

    /// <summary>Creates a leaky ReLU with slope s for z &lt;= 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not a finite number in [0, 1).</exception>
    public LeakyRelu(double slope = DefaultSlope)
    {
        if (!(slope >= 0 && slope < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(slope), slope, $"leaky_relu slope must be a finite number in [0, 1), got {slope}");
        }

        Slope = slope;
        Parameters = new Dictionary<string, double> { ["slope"] = slope };
    }

    /// <summary>s, the slope for z &lt;= 0.</summary>
    public double Slope { get; }

    /// <inheritdoc/>
    public override string Name => "leaky_relu";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    /// <inheritdoc/>
    public override T Value<T>(T z) => z > T.Zero ? z : T.CreateChecked(Slope) * z;

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => z > T.Zero ? T.One : T.CreateChecked(Slope);
}
