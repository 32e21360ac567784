using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// An activation whose every output may depend on the whole column z of its layer, such as
/// softmax. It gives a = g(z) and the Jacobian-transpose product dz = (da/dz)^T da for one
/// column; the base class applies them to every column of a batch.
/// </summary>
public abstract class VectorActivation : Activation
{
    /// <summary>Computes a = g(z) for one column.</summary>
    protected abstract void ForwardColumn<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Computes dz = J^T da for one column, where J[i, k] = da_i / dz_k.</summary>
    protected abstract void BackwardColumn<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public sealed override void Forward<T>(Matrix<T> z, Matrix<T> a)
    {
        for (int j = 0; j < z.Columns; j++)
        {
            ForwardColumn<T>(z.Column(j), a.Column(j));
        }
    }

    /// <inheritdoc/>
    public sealed override void Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
    {
        // Equation (4.1) eq:activation-backward in docs/derivation.md, one column at a time.
        for (int j = 0; j < z.Columns; j++)
        {
            BackwardColumn<T>(z.Column(j), a.Column(j), dA.Column(j), dZ.Column(j));
        }
    }
}
