using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// The logistic function, g(z) = 1 / (1 + e^-z), with g'(z) = a (1 - a): equation (6.3)
/// eq:sigmoid in docs/derivation.md.
/// </summary>
/// <remarks>
/// For z far below 0 the result underflows to 0 and for z far above 0 it rounds to 1; with
/// binary cross-entropy the network uses the fused form instead, which never forms log(0).
/// </remarks>
public sealed class Sigmoid : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "sigmoid";

    /// <inheritdoc/>
    public override T Value<T>(T z) => T.One / (T.One + T.Exp(-z));

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => a * (T.One - a);

    /// <inheritdoc/>
    public override void Forward<T>(Matrix<T> z, Matrix<T> a) => TensorPrimitives.Sigmoid<T>(z.AsSpan(), a.AsSpan());
}
