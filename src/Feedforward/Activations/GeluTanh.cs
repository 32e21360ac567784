namespace Feedforward.Activations;

/// <summary>
/// The tanh approximation of GELU: g(z) = ½ z (1 + tanh u), with u = √(2/π) (z + 0.044715 z³).
/// Equation (6.12) eq:gelu-tanh in docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = ½ (1 + tanh u) + ½ z sech²(u) √(2/π) (1 + 3 · 0.044715 z²). The same function as
/// PyTorch's nn.GELU(approximate = 'tanh'); it differs from the exact <see cref="Gelu"/> by
/// at most about 4.7e-4 (near z = -2.7, measured on a grid of step 1e-4 over [-10, 10]). sech² u is computed as 1 / cosh² u, which
/// goes to 0 without cancellation for large |u|; where z³ overflows the derivative is its
/// limit, 1 for z &gt; 0 and 0 for z &lt; 0, and g(z) is z or -0. NaN in z gives NaN in a.
/// </remarks>
public sealed class GeluTanh : ElementwiseActivation
{
    private const double RootTwoOverPi = 0.7978845608028654;
    private const double Cubic = 0.044715;

    /// <inheritdoc/>
    public override string Name => "gelu_tanh";

    /// <inheritdoc/>
    public override T Value<T>(T z)
    {
        T half = T.CreateChecked(0.5);
        T cube = z * z * z;
        if (!T.IsFinite(cube) && !T.IsNaN(z))
        {
            return z > T.Zero ? z : -T.Zero;
        }

        T u = T.CreateChecked(RootTwoOverPi) * (z + (T.CreateChecked(Cubic) * cube));
        return half * z * (T.One + T.Tanh(u));
    }

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a)
    {
        T half = T.CreateChecked(0.5);
        T square = z * z;
        if (!T.IsFinite(square * z))
        {
            return T.IsNaN(z) ? z : (z > T.Zero ? T.One : T.Zero);
        }

        T k = T.CreateChecked(RootTwoOverPi);
        T u = k * (z + (T.CreateChecked(Cubic) * square * z));
        T cosh = T.Cosh(u);
        T sech2 = T.One / (cosh * cosh);
        T du = k * (T.One + (T.CreateChecked(3 * Cubic) * square));
        return (half * (T.One + T.Tanh(u))) + (half * z * sech2 * du);
    }
}
