namespace Feedforward.Activations;

/// <summary>
/// The Gaussian error linear unit in its exact form (Hendrycks and Gimpel, 2016):
/// g(z) = z Φ(z), where Φ(z) = ½ erfc(-z/√2) is the standard normal distribution function.
/// Equation (6.11) eq:gelu in docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = Φ(z) + z φ(z), with φ(z) = e^(-z²/2) / √(2π). The same function as PyTorch's
/// nn.GELU() (approximate = 'none'); see <see cref="GeluTanh"/> for the tanh approximation.
/// Φ is computed in double through erfc, so for z far below 0 it keeps its relative precision
/// and g(z) underflows smoothly to -0 (also the value at z = -∞). NaN in z gives NaN in a.
/// </remarks>
public sealed class Gelu : ElementwiseActivation
{
    private const double InverseRootTwo = 0.7071067811865475;
    private const double InverseRootTwoPi = 0.3989422804014327;

    /// <inheritdoc/>
    public override string Name => "gelu";

    /// <inheritdoc/>
    public override T Value<T>(T z)
    {
        double x = double.CreateChecked(z);
        return double.IsNegativeInfinity(x) ? -T.Zero : T.CreateChecked(x * NormalDistribution(x));
    }

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a)
    {
        double x = double.CreateChecked(z);
        if (double.IsInfinity(x))
        {
            return x > 0 ? T.One : T.Zero;
        }

        return T.CreateChecked(NormalDistribution(x) + (x * InverseRootTwoPi * Math.Exp(-0.5 * x * x)));
    }

    /// <summary>Returns Φ(x) = ½ erfc(-x/√2).</summary>
    private static double NormalDistribution(double x) => 0.5 * SpecialFunctions.Erfc(-x * InverseRootTwo);
}
