using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Layers;

/// <summary>
/// Inverted dropout (Srivastava et al., 2014, in the form PyTorch's nn.Dropout uses). In
/// training, each element of the input is kept with probability 1 - p and scaled by 1/(1 - p),
/// or set to 0, so the expected output equals the input. At inference the layer passes its
/// input through unchanged.
/// </summary>
/// <remarks>
/// <para>
/// Forward: Ã = A ⊙ M with M_ij = 1/(1 - p) or 0. Backward: dA = dÃ ⊙ M, with the mask M kept
/// from the forward pass. The masks come from a generator seeded with <see cref="Seed"/>, so a
/// seed fixes every mask of a training run. The layer owns its buffers, sized for the largest
/// batch seen, so a training step allocates nothing.
/// </para>
/// <para>
/// While <see cref="MaskFrozen"/> is true, training forward passes reuse the last mask instead
/// of drawing a new one. <see cref="Training.GradientCheck"/> sets it so that every perturbed
/// cost uses the mask that backward propagation used.
/// </para>
/// </remarks>
public sealed class DropoutLayer<T> : Layer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Random _random;
    private Matrix<T> _maskBuffer;
    private Matrix<T> _outputBuffer;
    private Matrix<T> _inputGradientBuffer;
    private Matrix<T> _output;
    private bool _lastForwardMasked;

    /// <summary>Creates a dropout layer for inputs of <paramref name="size"/> rows, with drop probability p and a seed for its masks.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1 or <paramref name="rate"/> is outside [0, 1).</exception>
    public DropoutLayer(int size, double rate, int seed)
    {
        Guard.Positive(size);
        CheckRate(rate);
        Size = size;
        Rate = rate;
        Seed = seed;
        _random = new Random(seed);
    }

    /// <summary>The number of rows of the input and the output.</summary>
    public int Size { get; }

    /// <summary>p, the probability that an element is dropped.</summary>
    public double Rate { get; }

    /// <summary>The seed of the generator that draws the masks.</summary>
    public int Seed { get; }

    /// <summary>Whether training forward passes reuse the last mask instead of drawing a new one.</summary>
    public bool MaskFrozen { get; set; }

    /// <summary>The mask M of the last training forward pass (elements 0 or 1/(1 - p)), Size x m.</summary>
    public Matrix<T> Mask { get; private set; }

    /// <inheritdoc/>
    public override int InputSize => Size;

    /// <inheritdoc/>
    public override int OutputSize => Size;

    /// <inheritdoc/>
    public override Matrix<T> Output => _output;

    /// <summary>
    /// Returns the input unchanged at inference (or when p = 0); in training returns A ⊙ M
    /// with a new mask, or the last one while <see cref="MaskFrozen"/> is set.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mask is frozen at a different number of examples than this batch has.</exception>
    public override Matrix<T> Forward(Matrix<T> input, bool training)
    {
        if (input.Rows != Size)
        {
            throw new ArgumentException(
                $"the dropout layer expects inputs of {Size} rows (units x examples) but got {input.Rows} x {input.Columns}", nameof(input));
        }

        if (!training || Rate == 0)
        {
            _lastForwardMasked = false;
            _output = input;
            return input;
        }

        int m = input.Columns;
        EnsureCapacity(m);
        if (!MaskFrozen || Mask.Columns == 0)
        {
            DrawMask(m);
        }
        else if (Mask.Columns != m)
        {
            throw new InvalidOperationException(
                $"the dropout mask is frozen for {Mask.Columns} examples but the batch has {m}; unfreeze it (MaskFrozen = false) to draw a new one");
        }

        // Equation (8.1) eq:dropout in docs/derivation.md: Ã = M ⊙ A.
        Matrix<T> output = _outputBuffer.ColumnRange(0, m);
        TensorPrimitives.Multiply<T>(input.AsSpan(), Mask.AsSpan(), output.AsSpan());
        _lastForwardMasked = true;
        _output = output;
        return output;
    }

    /// <summary>Returns dA = dÃ ⊙ M for a masked forward pass, and dÃ itself after an unmasked one.</summary>
    public override Matrix<T> Backward(Matrix<T> input, Matrix<T> outputGradient, bool computeInputGradient = true)
    {
        if (!computeInputGradient)
        {
            return default;
        }

        if (!_lastForwardMasked)
        {
            return outputGradient;
        }

        // Equation (8.1) eq:dropout in docs/derivation.md: dA = M ⊙ dÃ, with the mask of the forward pass.
        Matrix<T> inputGradient = _inputGradientBuffer.ColumnRange(0, outputGradient.Columns);
        TensorPrimitives.Multiply<T>(outputGradient.AsSpan(), Mask.AsSpan(), inputGradient.AsSpan());
        return inputGradient;
    }

    /// <summary>Throws unless p is in [0, 1).</summary>
    internal static void CheckRate(double rate)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"dropout rate must be in [0, 1), got {rate}");
        }
    }

    private void DrawMask(int columns)
    {
        Mask = _maskBuffer.ColumnRange(0, columns);
        T scale = T.One / (T.One - T.CreateChecked(Rate));
        Span<T> mask = Mask.AsSpan();
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = _random.NextDouble() >= Rate ? scale : T.Zero;
        }
    }

    private void EnsureCapacity(int columns)
    {
        if (_maskBuffer.Columns >= columns)
        {
            return;
        }

        // A frozen mask must survive the resize, so copy it into the new buffer.
        var mask = new Matrix<T>(Size, columns);
        Mask.AsSpan().CopyTo(mask.AsSpan());
        _maskBuffer = mask;
        Mask = mask.ColumnRange(0, Mask.Columns);
        _outputBuffer = new Matrix<T>(Size, columns);
        _inputGradientBuffer = new Matrix<T>(Size, columns);
    }
}
