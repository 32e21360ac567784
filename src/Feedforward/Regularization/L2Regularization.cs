using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Layers;

namespace Feedforward.Regularization;

/// <summary>
/// The L2 penalty that J includes when λ &gt; 0: J_L2 = (λ/2) Σ_l ‖W[l]‖²_F, over the weights of
/// every dense layer and not the biases, with gradient dJ_L2/dW[l] = λ W[l]: equation (8.2)
/// eq:l2-penalty in docs/derivation.md.
/// </summary>
/// <remarks>
/// The penalty carries no 1/m: J averages the data cost over the m examples, and the penalty
/// is added once, so λ means the same for every batch size. For plain SGD the gradient λ W
/// is PyTorch's weight_decay = λ applied to the weights only (PyTorch's optimizers apply it
/// to every parameter in the group, biases included, unless the biases get their own group).
/// Keras's kernel_regularizer = l2(c) adds c Σ w² to the loss, so c = λ/2 gives the same J.
/// </remarks>
internal static class L2Regularization
{
    /// <summary>Returns (λ/2) Σ_l ‖W[l]‖²_F.</summary>
    public static T Value<T>(IReadOnlyList<DenseLayer<T>> layers, double lambda)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int l = 0; l < layers.Count; l++)
        {
            sum += TensorPrimitives.SumOfSquares<T>(layers[l].Weights.AsSpan());
        }

        return T.CreateChecked(lambda / 2) * sum;
    }

    /// <summary>Adds λ W[l] to every dJ/dW[l].</summary>
    public static void AddGradient<T>(IReadOnlyList<DenseLayer<T>> layers, double lambda)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateChecked(lambda);
        for (int l = 0; l < layers.Count; l++)
        {
            Span<T> gradient = layers[l].WeightGradient.AsSpan();
            TensorPrimitives.MultiplyAdd<T>(layers[l].Weights.AsSpan(), scale, gradient, gradient);
        }
    }
}
