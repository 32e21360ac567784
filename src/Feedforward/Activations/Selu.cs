namespace Feedforward.Activations;

/// <summary>
/// The scaled exponential linear unit (Klambauer et al., "Self-Normalizing Neural Networks",
/// 2017): g(z) = λ z for z &gt; 0 and g(z) = λ α (e^z - 1) otherwise, with the paper's fixed
/// constants λ ≈ 1.0507 and α ≈ 1.6733. It takes no parameters. Equation (6.7) eq:selu in
/// docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = λ for z &gt; 0 and λ α e^z for z &lt;= 0. The derivative jumps at 0, from λ α ≈ 1.7581
/// to λ ≈ 1.0507; at exactly z = 0 it is taken as λ α, the left derivative, as in PyTorch's
/// selu (an elu with scale λ, whose backward kernel tests z &lt;= 0). NaN in z gives NaN in a.
/// </remarks>
public sealed class Selu : ElementwiseActivation
{
    /// <summary>λ, the scale, to double precision as given in the paper.</summary>
    public const double Scale = 1.0507009873554804934193349852946;

    /// <summary>α, to double precision as given in the paper.</summary>
    public const double Alpha = 1.6732632423543772848170429916717;

    /// <inheritdoc/>
    public override string Name => "selu";

    /// <inheritdoc/>
    public override T Value<T>(T z) =>
        z > T.Zero ? T.CreateChecked(Scale) * z : T.CreateChecked(Scale * Alpha) * T.ExpM1(z);

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) =>
        z > T.Zero ? T.CreateChecked(Scale) : T.CreateChecked(Scale * Alpha) * T.Exp(z);
}
