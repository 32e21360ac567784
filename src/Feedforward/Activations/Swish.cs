namespace Feedforward.Activations;

/// <summary>
/// Swish with β = 1, also called SiLU: g(z) = z σ(z), where σ is the logistic function.
/// The catalogue lists it as "swish" and as "silu", and its <see cref="Name"/> is "swish".
/// Equation (6.9) eq:swish in docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = σ(z) + z σ(z) (1 - σ(z)) = σ(z) (1 + z (1 - σ(z))). The same function as PyTorch's
/// nn.SiLU. σ(-1000) is 0, not NaN, so g and g' are 0 there, and 1000 and 1 at z = 1000.
/// NaN in z gives NaN in a, and so does z = -∞ (the product ∞ · 0).
/// </remarks>
public sealed class Swish : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "swish";

    /// <inheritdoc/>
    public override T Value<T>(T z) => z * Softplus.Logistic(z);

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a)
    {
        T s = Softplus.Logistic(z);
        return s * (T.One + (z * (T.One - s)));
    }
}
