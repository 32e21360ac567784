namespace Feedforward.Activations;

/// <summary>
/// The softplus function, g(z) = ln(1 + e^z), a smooth ReLU, with g'(z) = σ(z) = 1 / (1 + e^-z):
/// equation (6.8) eq:softplus in docs/derivation.md.
/// </summary>
/// <remarks>
/// Computed as max(z, 0) + ln(1 + e^-|z|), which never exponentiates a positive number, so
/// z = ±1000 gives 1000 and 0 rather than infinity. PyTorch's nn.Softplus (beta = 1) returns z
/// itself above its threshold of 20; the two differ there by less than e^-20 ≈ 2e-9.
/// NaN in z gives NaN in a.
/// </remarks>
public sealed class Softplus : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "softplus";

    /// <inheritdoc/>
    public override T Value<T>(T z) => Compute(z);

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => Logistic(z);

    /// <summary>Returns ln(1 + e^z) in the form that cannot overflow.</summary>
    internal static T Compute<T>(T z)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        T.Max(z, T.Zero) + T.LogP1(T.Exp(-T.Abs(z)));

    /// <summary>Returns σ(z) = 1 / (1 + e^-z), which is 0 (not NaN) when e^-z overflows.</summary>
    internal static T Logistic<T>(T z)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        T.One / (T.One + T.Exp(-z));
}
