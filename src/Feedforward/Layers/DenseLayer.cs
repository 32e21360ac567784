using System.Numerics;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Layers;

/// <summary>
/// A fully connected layer l: Z = W A_prev + broadcast(b), A = g(Z), with W of n[l] x n[l-1]
/// and b of n[l] x 1. Backward propagation fills <see cref="WeightGradient"/> and
/// <see cref="BiasGradient"/> and hands back dA_prev = W^T dZ.
/// </summary>
/// <remarks>
/// The layer owns its batch buffers (Z, A, dZ, dA_prev), sized for the largest batch it has
/// seen; smaller batches use column views of them, so a training step allocates nothing.
/// </remarks>
public sealed class DenseLayer<T> : Layer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T> _z;
    private Matrix<T> _a;
    private Matrix<T> _dZ;
    private Matrix<T> _dInput;

    /// <summary>Creates a layer with zero weights and biases.</summary>
    public DenseLayer(int inputSize, int units, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Guard.Positive(inputSize);
        Guard.Positive(units);
        Activation = activation;
        Weights = new Matrix<T>(units, inputSize);
        Bias = new Matrix<T>(units, 1);
        WeightGradient = new Matrix<T>(units, inputSize);
        BiasGradient = new Matrix<T>(units, 1);
    }

    /// <summary>n[l-1], the size of each input column.</summary>
    public override int InputSize => Weights.Columns;

    /// <summary>n[l], the same as <see cref="Units"/>.</summary>
    public override int OutputSize => Units;

    /// <summary>A[l] of the last forward pass, the same as <see cref="Activations"/>.</summary>
    public override Matrix<T> Output => Activations;

    /// <summary>n[l], the number of units.</summary>
    public int Units => Weights.Rows;

    /// <summary>g[l].</summary>
    public Activation Activation { get; }

    /// <summary>W[l], n[l] x n[l-1].</summary>
    public Matrix<T> Weights { get; }

    /// <summary>b[l], n[l] x 1.</summary>
    public Matrix<T> Bias { get; }

    /// <summary>dJ/dW[l] from the last backward pass.</summary>
    public Matrix<T> WeightGradient { get; }

    /// <summary>dJ/db[l] from the last backward pass.</summary>
    public Matrix<T> BiasGradient { get; }

    /// <summary>Z[l] of the last forward pass (n[l] x m).</summary>
    public Matrix<T> WeightedSums { get; private set; }

    /// <summary>A[l] of the last forward pass (n[l] x m).</summary>
    public Matrix<T> Activations { get; private set; }

    /// <summary>
    /// Computes Z = W A_prev + broadcast(b) (equation (2.2) eq:forward-linear in
    /// docs/derivation.md) and A = g(Z) (equation (2.3) eq:forward-activation); returns A, a
    /// view of a buffer that the next forward pass overwrites.
    /// </summary>
    public Matrix<T> Forward(Matrix<T> input)
    {
        CheckInput(input);
        int m = input.Columns;
        EnsureCapacity(m);
        Matrix<T> z = _z.ColumnRange(0, m);
        Matrix<T> a = _a.ColumnRange(0, m);

        // Start Z from the broadcast bias, so the product adds onto it (beta = 1).
        ReadOnlySpan<T> b = Bias.AsSpan();
        for (int j = 0; j < m; j++)
        {
            b.CopyTo(z.Column(j));
        }

        // Equation (2.2) eq:forward-linear in docs/derivation.md: (2.1) eq:forward-node for every unit and example.
        Gemm.Multiply(Transpose.None, Transpose.None, T.One, Weights, input, T.One, z);

        // Equation (2.3) eq:forward-activation in docs/derivation.md: A = g(Z), column by column.
        Activation.Forward(z, a);
        WeightedSums = z;
        Activations = a;
        return a;
    }

    /// <summary>Computes Z and A as <see cref="Forward(Matrix{T})"/> does; a dense layer behaves the same in training and inference.</summary>
    public override Matrix<T> Forward(Matrix<T> input, bool training) => Forward(input);

    /// <summary>
    /// Runs backward propagation from dA = dJ/dA[l]: dZ through the activation (equation (4.1)
    /// eq:activation-backward in docs/derivation.md), then <see cref="BackwardFromWeightedSums"/>.
    /// </summary>
    public override Matrix<T> Backward(Matrix<T> input, Matrix<T> outputGradient, bool computeInputGradient = true)
    {
        Matrix<T> dZ = _dZ.ColumnRange(0, input.Columns);
        if (Activation is Relu)
        {
            // ReLU's mask and the bias gradient (4.6) eq:bias-gradient share one pass over dZ.
            ElementwiseKernels.MaskWherePositiveAndSumColumns<T>(WeightedSums.AsSpan(), outputGradient.AsSpan(), dZ.AsSpan(), Units, BiasGradient.AsSpan());
            return ComputeProductGradients(input, dZ, computeInputGradient);
        }

        Activation.Backward(WeightedSums, Activations, outputGradient, dZ);
        return BackwardFromWeightedSums(input, dZ, computeInputGradient);
    }

    /// <summary>
    /// Computes dW = dZ A_prev^T, db = row sums of dZ and, when asked, dA_prev = W^T dZ, which
    /// it returns (an empty matrix otherwise). These are equations (4.5) eq:weight-gradient,
    /// (4.6) eq:bias-gradient and (4.8) eq:input-gradient in docs/derivation.md.
    /// </summary>
    public Matrix<T> BackwardFromWeightedSums(Matrix<T> input, Matrix<T> dZ, bool computeInputGradient = true)
    {
        EnsureCapacity(input.Columns);

        // Equation (4.6) eq:bias-gradient in docs/derivation.md, (4.4) eq:bias-gradient-element for all biases.
        ElementwiseKernels.SumColumns<T>(dZ.AsSpan(), Units, BiasGradient.AsSpan());
        return ComputeProductGradients(input, dZ, computeInputGradient);
    }

    // Computes dW and, when asked, dA_prev from dZ; the caller has filled db.
    private Matrix<T> ComputeProductGradients(Matrix<T> input, Matrix<T> dZ, bool computeInputGradient)
    {
        int m = input.Columns;

        // Equation (4.5) eq:weight-gradient in docs/derivation.md, (4.3) eq:weight-gradient-element for all weights.
        Gemm.Multiply(Transpose.None, Transpose.Transposed, T.One, dZ, input, T.Zero, WeightGradient);

        if (!computeInputGradient)
        {
            return default;
        }

        // Equation (4.8) eq:input-gradient in docs/derivation.md, (4.7) eq:input-gradient-element for all inputs.
        Matrix<T> dInput = _dInput.ColumnRange(0, m);
        Gemm.Multiply(Transpose.Transposed, Transpose.None, T.One, Weights, dZ, T.Zero, dInput);
        return dInput;
    }

    /// <summary>The buffer for dZ of a batch of <paramref name="columns"/> examples, for callers that compute dZ themselves.</summary>
    internal Matrix<T> WeightedSumGradientBuffer(int columns)
    {
        EnsureCapacity(columns);
        return _dZ.ColumnRange(0, columns);
    }

    private void CheckInput(Matrix<T> input)
    {
        if (input.Rows != InputSize)
        {
            throw new ArgumentException(
                $"the layer expects inputs of {InputSize} rows (features x examples) but got {input.Rows} x {input.Columns}",
                nameof(input));
        }
    }

    private void EnsureCapacity(int columns)
    {
        if (_z.Columns >= columns)
        {
            return;
        }

        _z = new Matrix<T>(Units, columns);
        _a = new Matrix<T>(Units, columns);
        _dZ = new Matrix<T>(Units, columns);
        _dInput = new Matrix<T>(InputSize, columns);
    }
}
