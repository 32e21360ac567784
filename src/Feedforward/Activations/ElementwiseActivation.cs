using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// An activation that acts on each element alone, a_i = g(z_i), so its Jacobian is diagonal and
/// the Jacobian-transpose product reduces to dZ = dA ⊙ g'(Z).
/// </summary>
/// <remarks>
/// Subclasses give g and g' for one element; they may override <see cref="Forward{T}"/> and
/// <see cref="Backward{T}"/> with vectorized versions that compute the same values.
/// </remarks>
public abstract class ElementwiseActivation : Activation
{
    /// <summary>
    /// Creates an element-wise activation from g and its derivative g', both in double, for an
    /// activation the library lacks. Check it with <see cref="Training.ActivationCheck"/>
    /// before training, and register it with <see cref="ActivationCatalog.Register"/> to save
    /// and load networks that use it.
    /// </summary>
    /// <param name="name">The snake_case name, used in model files and reports.</param>
    /// <param name="function">g(z).</param>
    /// <param name="derivative">g'(z).</param>
    public static ElementwiseActivation FromFunctions(string name, Func<double, double> function, Func<double, double> derivative) =>
        new CustomElementwiseActivation(name, function, derivative);

    /// <summary>Returns g(z).</summary>
    public abstract T Value<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Returns g'(z); <paramref name="a"/> = g(z) is given because many derivatives are cheaper from it.</summary>
    public abstract T Derivative<T>(T z, T a)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override void Forward<T>(Matrix<T> z, Matrix<T> a)
    {
        ReadOnlySpan<T> zs = z.AsSpan();
        Span<T> As = a.AsSpan();
        for (int i = 0; i < zs.Length; i++)
        {
            As[i] = Value(zs[i]);
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
    {
        ReadOnlySpan<T> zs = z.AsSpan();
        ReadOnlySpan<T> As = a.AsSpan();
        ReadOnlySpan<T> dAs = dA.AsSpan();
        Span<T> dZs = dZ.AsSpan();

        // Equation (4.2) eq:elementwise-backward in docs/derivation.md: dZ = dA ⊙ g'(Z).
        for (int i = 0; i < zs.Length; i++)
        {
            dZs[i] = dAs[i] * Derivative(zs[i], As[i]);
        }
    }
}
