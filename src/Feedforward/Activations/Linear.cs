using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// The identity, g(z) = z, with g'(z) = 1: the output of a regression network. Equation (6.1)
/// eq:linear in docs/derivation.md.
/// </summary>
public sealed class Linear : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "linear";

    /// <inheritdoc/>
    public override T Value<T>(T z) => z;

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => T.One;

    /// <inheritdoc/>
    public override void Forward<T>(Matrix<T> z, Matrix<T> a) => z.AsSpan().CopyTo(a.AsSpan());

    /// <inheritdoc/>
    public override void Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> dA, Matrix<T> dZ) =>
        dA.AsSpan().CopyTo(dZ.AsSpan());
}
