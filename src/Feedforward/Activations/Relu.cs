using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>The rectified linear unit, g(z) = max(z, 0): equation (6.2) eq:relu in docs/derivation.md.</summary>
/// <remarks>
/// g'(z) = 1 for z &gt; 0 and 0 for z &lt;= 0: at exactly z = 0 the derivative is taken as 0, as
/// PyTorch and TensorFlow do. NaN in z gives NaN in a.
/// </remarks>
public sealed class Relu : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "relu";

    /// <inheritdoc/>
    public override T Value<T>(T z) => z > T.Zero ? z : (T.IsNaN(z) ? z : T.Zero);

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a) => z > T.Zero ? T.One : T.Zero;

    /// <inheritdoc/>
    public override void Forward<T>(Matrix<T> z, Matrix<T> a) => TensorPrimitives.Max(z.AsSpan(), T.Zero, a.AsSpan());

    /// <inheritdoc/>
    public override void Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> dA, Matrix<T> dZ) =>
        ElementwiseKernels.MaskWherePositive<T>(z.AsSpan(), dA.AsSpan(), dZ.AsSpan());
}
