using System.Numerics;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Initialization;
using Feedforward.Layers;
using Feedforward.Tensors;

namespace Feedforward;

/// <summary>
/// A fully connected feedforward network: layers l = 1..L of <see cref="DenseLayer{T}"/>
/// and a cost J = f(A[L], Y). Inputs and targets are matrices with one column per example.
/// </summary>
/// <remarks>
/// When the output activation and the cost have a fused form (sigmoid with binary
/// cross-entropy, softmax with categorical cross-entropy), <see cref="ComputeGradients"/> uses
/// it: J from the logits and dZ[L] = (A[L] - Y) / m. Set <see cref="UseFusedOutput"/> to false
/// to run the general path (seed dA[L], then the activation's Jacobian-transpose product).
/// </remarks>
public sealed class Network<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseLayer<T>[] _layers;
    private Matrix<T> _outputGradient;

    /// <summary>Creates a network from already built layers.</summary>
    /// <exception cref="ArgumentException">There are no layers, or a layer's input size differs from the units of the layer before it.</exception>
    public Network(IReadOnlyList<DenseLayer<T>> layers, Cost cost)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(cost);
        if (layers.Count == 0)
        {
            throw new ArgumentException("a network needs at least one layer", nameof(layers));
        }

        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].InputSize != layers[l - 1].Units)
            {
                throw new ArgumentException(
                    $"layer {l + 1} takes {layers[l].InputSize} inputs but layer {l} has {layers[l - 1].Units} units",
                    nameof(layers));
            }
        }

        _layers = [.. layers];
        Cost = cost;
        FusedOutput = cost.FuseWith(_layers[^1].Activation);
    }

    /// <summary>
    /// Creates a network with n[0] = <paramref name="inputSize"/> and the given layers, weights
    /// drawn from <paramref name="seed"/> and zero biases.
    /// </summary>
    public static Network<T> Create(int inputSize, IEnumerable<LayerSpec> layers, Cost cost, int seed, Initializer initializer = Initializer.Default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Guard.Positive(inputSize);
        var random = new Random(seed);
        var built = new List<DenseLayer<T>>();
        int previous = inputSize;
        foreach (LayerSpec spec in layers)
        {
            if (spec.Units <= 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(layers), spec.Units, $"layer {built.Count + 1} has {spec.Units} units: every layer needs at least 1");
            }

            var layer = new DenseLayer<T>(previous, spec.Units, spec.Activation);
            WeightInitialization.Fill(layer.Weights, WeightInitialization.Resolve(initializer, spec.Activation), random);
            built.Add(layer);
            previous = spec.Units;
        }

        return new Network<T>(built, cost);
    }

    /// <summary>The layers l = 1..L.</summary>
    public IReadOnlyList<DenseLayer<T>> Layers => _layers;

    /// <summary>The cost J.</summary>
    public Cost Cost { get; }

    /// <summary>The fused output activation and cost, or null when the pair has no fused form.</summary>
    public FusedOutput? FusedOutput { get; }

    /// <summary>Whether <see cref="ComputeGradients"/> uses <see cref="FusedOutput"/> when there is one (default true).</summary>
    public bool UseFusedOutput { get; set; } = true;

    /// <summary>n[0], the number of input features.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>n[L], the number of outputs.</summary>
    public int OutputSize => _layers[^1].Units;

    /// <summary>dJ/dX of the last <see cref="ComputeGradients"/> call that asked for it.</summary>
    public Matrix<T> InputGradient { get; private set; }

    /// <summary>
    /// Runs forward propagation and returns A[L], a view of a buffer that the next call
    /// overwrites; use <see cref="Predict"/> for a copy.
    /// </summary>
    public Matrix<T> Forward(Matrix<T> inputs)
    {
        Matrix<T> a = inputs;
        foreach (DenseLayer<T> layer in _layers)
        {
            a = layer.Forward(a);
        }

        return a;
    }

    /// <summary>Returns the outputs A[L] for the inputs, in a new matrix.</summary>
    public Matrix<T> Predict(Matrix<T> inputs) => Forward(inputs).Clone();

    /// <summary>Returns J for the inputs and targets, without computing gradients.</summary>
    public T ComputeCost(Matrix<T> inputs, Matrix<T> targets)
    {
        Matrix<T> output = Forward(inputs);
        return CostOfLastForward(output, targets);
    }

    /// <summary>
    /// Runs forward and backward propagation on one batch, fills every layer's weight and
    /// bias gradients, and returns J. With <paramref name="computeInputGradient"/> it also fills
    /// <see cref="InputGradient"/> with dJ/dX.
    /// </summary>
    public T ComputeGradients(Matrix<T> inputs, Matrix<T> targets, bool computeInputGradient = false)
    {
        Matrix<T> output = Forward(inputs);
        T cost = CostOfLastForward(output, targets);
        DenseLayer<T> last = _layers[^1];
        int m = inputs.Columns;

        Matrix<T> gradient;
        if (FusedOutput is not null && UseFusedOutput)
        {
            Matrix<T> dZ = last.WeightedSumGradientBuffer(m);
            FusedOutput.Gradient(output, targets, dZ);
            gradient = last.BackwardFromWeightedSums(LayerInput(_layers.Length - 1, inputs), dZ, _layers.Length > 1 || computeInputGradient);
        }
        else
        {
            Matrix<T> dA = OutputGradientBuffer(m);
            Cost.Gradient(output, targets, dA);
            gradient = last.Backward(LayerInput(_layers.Length - 1, inputs), dA, _layers.Length > 1 || computeInputGradient);
        }

        for (int l = _layers.Length - 2; l >= 0; l--)
        {
            gradient = _layers[l].Backward(LayerInput(l, inputs), gradient, l > 0 || computeInputGradient);
        }

        if (computeInputGradient)
        {
            InputGradient = gradient;
        }

        return cost;
    }

    private T CostOfLastForward(Matrix<T> output, Matrix<T> targets)
    {
        int targetRows = Cost.TargetRows(OutputSize);
        if (targets.Rows != targetRows || targets.Columns != output.Columns)
        {
            throw new ArgumentException(
                $"targets are {targets.Rows} x {targets.Columns} but the output layer has {OutputSize} units and the cost is {Cost.Name}: expected {targetRows} x {output.Columns} (rows x examples)",
                nameof(targets));
        }

        return FusedOutput is not null && UseFusedOutput
            ? FusedOutput.Value(_layers[^1].WeightedSums, targets)
            : Cost.Value(output, targets);
    }

    private Matrix<T> LayerInput(int layerIndex, Matrix<T> inputs) =>
        layerIndex == 0 ? inputs : _layers[layerIndex - 1].Activations;

    private Matrix<T> OutputGradientBuffer(int columns)
    {
        if (_outputGradient.Columns < columns)
        {
            _outputGradient = new Matrix<T>(OutputSize, columns);
        }

        return _outputGradient.ColumnRange(0, columns);
    }
}
