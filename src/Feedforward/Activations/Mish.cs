namespace Feedforward.Activations;

/// <summary>
/// Mish (Misra, 2019): g(z) = z tanh(softplus(z)), with softplus(z) = ln(1 + e^z): equation (6.10)
/// eq:mish in docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = tanh(sp) + z sech²(sp) σ(z), with sp = softplus(z) and σ(z) = 1 / (1 + e^-z) its
/// derivative. The same function as PyTorch's nn.Mish. softplus is computed in the form that
/// cannot overflow, so z = ±1000 gives finite values (g(1000) = 1000, g(-1000) = -0).
/// NaN in z gives NaN in a, and so does z = -∞ (the product ∞ · 0).
/// </remarks>
public sealed class Mish : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "mish";

    /// <inheritdoc/>
    public override T Value<T>(T z) => z * T.Tanh(Softplus.Compute(z));

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a)
    {
        T t = T.Tanh(Softplus.Compute(z));
        return t + (z * (T.One - (t * t)) * Softplus.Logistic(z));
    }
}
