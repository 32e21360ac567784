using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// The function g[l] of a layer: A = g(Z), applied column by column, so that a vector-valued
/// activation such as softmax sees the whole column z of its layer.
/// </summary>
/// <remarks>
/// Backward propagation asks each activation for dZ = (dA/dZ)^T dA, column by column: the
/// Jacobian-transpose product of equation (4.1) eq:activation-backward in docs/derivation.md.
/// Element-wise activations derive from <see cref="ElementwiseActivation"/>, vector-valued
/// ones from <see cref="VectorActivation"/>.
/// </remarks>
public abstract class Activation
{
    /// <summary>The snake_case name used in model files, JSON cases and on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>Named numeric parameters (for example a slope), empty for most activations.</summary>
    public virtual IReadOnlyDictionary<string, double> Parameters { get; } = new Dictionary<string, double>();

    /// <summary>Computes A = g(Z). <paramref name="a"/> has the shape of <paramref name="z"/>.</summary>
    public abstract void Forward<T>(Matrix<T> z, Matrix<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Computes dZ = (dA/dZ)^T dA for each column, given Z, A = g(Z) and dA = dJ/dA.
    /// <paramref name="dZ"/> may be the same matrix as <paramref name="dA"/>.
    /// </summary>
    public abstract void Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
