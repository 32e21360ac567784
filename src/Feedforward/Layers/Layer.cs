using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Layers;

/// <summary>
/// One step of a network's forward pass, mapping an input matrix to an output matrix of the
/// same number of columns (examples): a <see cref="DenseLayer{T}"/> or a
/// <see cref="DropoutLayer{T}"/>.
/// </summary>
/// <remarks>
/// Only this library derives layers, because the network's fused output, the optimizer and
/// model files must know every kind there is.
/// </remarks>
public abstract class Layer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allows only the layers in this library.</summary>
    private protected Layer()
    {
    }

    /// <summary>The number of rows of each input.</summary>
    public abstract int InputSize { get; }

    /// <summary>The number of rows of each output.</summary>
    public abstract int OutputSize { get; }

    /// <summary>The output of the last forward pass, a view of a buffer the next pass overwrites.</summary>
    public abstract Matrix<T> Output { get; }

    /// <summary>
    /// Runs the forward pass and returns the output, a view of a buffer the next pass
    /// overwrites. <paramref name="training"/> is true during training and the gradient check,
    /// false for inference; only dropout behaves differently.
    /// </summary>
    public abstract Matrix<T> Forward(Matrix<T> input, bool training);

    /// <summary>
    /// Runs the backward pass of the last forward pass, given its input and dJ/d(output), and
    /// returns dJ/d(input), or an empty matrix when <paramref name="computeInputGradient"/> is false.
    /// </summary>
    public abstract Matrix<T> Backward(Matrix<T> input, Matrix<T> outputGradient, bool computeInputGradient = true);
}
