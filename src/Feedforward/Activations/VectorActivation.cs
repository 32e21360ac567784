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
    /// <summary>
    /// Creates a vector-valued activation from g and its Jacobian-transpose product, for an
    /// activation the library lacks. Check it with <see cref="Training.ActivationCheck"/>
    /// before training. The returned instance keeps scratch buffers and must not be used by
    /// two threads at once.
    /// </summary>
    /// <param name="name">The snake_case name, used in model files and reports.</param>
    /// <param name="function">a = g(z) for one column.</param>
    /// <param name="jacobianTransposeProduct">dz = Jᵀ da for one column.</param>
    public static VectorActivation FromFunctions(string name, ColumnFunction function, ColumnJacobianTransposeProduct jacobianTransposeProduct)
    {
        ArgumentNullException.ThrowIfNull(jacobianTransposeProduct);
        return new CustomVectorActivation(name, function, jacobianTransposeProduct, null);
    }

    /// <summary>
    /// Creates a vector-valued activation from g and its full Jacobian; backward propagation
    /// then forms dz = Jᵀ da itself, at O(n²) per column. Otherwise as <see cref="FromFunctions"/>.
    /// </summary>
    /// <param name="name">The snake_case name, used in model files and reports.</param>
    /// <param name="function">a = g(z) for one column.</param>
    /// <param name="jacobian">Fills J[i, k] = da_i/dz_k for one column.</param>
    public static VectorActivation FromJacobian(string name, ColumnFunction function, ColumnJacobian jacobian)
    {
        ArgumentNullException.ThrowIfNull(jacobian);
        return new CustomVectorActivation(name, function, null, jacobian);
    }

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
