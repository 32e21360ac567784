using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// The hyperbolic tangent, g(z) = tanh z, with g'(z) = 1 - a²: equation (6.4) eq:tanh in
/// docs/derivation.md.
/// </summary>
public sealed class Tanh : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "tanh";

    /// <inheritdoc/>
    public override T Value<T>(T z) => T.Tanh(z);

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => T.One - (a * a);

    /// <inheritdoc/>
    public override void Forward<T>(Matrix<T> z, Matrix<T> a) => TensorPrimitives.Tanh<T>(z.AsSpan(), a.AsSpan());
}
