namespace Feedforward.Activations;

/// <summary>
/// The hard sigmoid in PyTorch's definition (nn.Hardsigmoid): g(z) = relu6(z + 3) / 6, that is
/// 0 for z &lt;= -3, 1 for z &gt;= 3 and z/6 + 1/2 between. Equation (6.13) eq:hard-sigmoid in
/// docs/derivation.md.
/// </summary>
/// <remarks>
/// g'(z) = 1/6 for -3 &lt; z &lt; 3 and 0 elsewhere; at exactly z = ±3 the derivative is taken as
/// 0, as in PyTorch's hardsigmoid backward kernel, which tests -3 &lt; z &lt; 3. Older Keras
/// (before 3.0) defined hard_sigmoid as clip(0.2 z + 0.5, 0, 1) instead, a different function.
/// NaN in z gives NaN in a.
/// </remarks>
public sealed class HardSigmoid : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "hard_sigmoid";

    /// <inheritdoc/>
    public override T Value<T>(T z)
    {
        T three = T.CreateChecked(3);
        if (z <= -three)
        {
            return T.Zero;
        }

        return z >= three ? T.One : (z / T.CreateChecked(6)) + T.CreateChecked(0.5);
    }

    /// <inheritdoc/>
    public override T Derivative<T>(T z, T a)
    {
        T three = T.CreateChecked(3);
        return z > -three && z < three ? T.One / T.CreateChecked(6) : T.Zero;
    }
}
