using System.Numerics;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Initialization;
using Feedforward.Layers;
using Feedforward.Regularization;
using Feedforward.Tensors;

namespace Feedforward;

/// <summary>
/// A fully connected feedforward network: dense layers l = 1..L (<see cref="DenseLayer{T}"/>),
/// optionally with dropout layers between them, and a cost J = f(A[L], Y) plus an optional L2
/// penalty. Inputs and targets are matrices with one column per example.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Layers"/> lists the dense layers l = 1..L, the ones with parameters, so their
/// numbering matches the derivation; <see cref="AllLayers"/> lists every layer in forward order,
/// dropout included. The last layer is always dense.
/// </para>
/// <para>
/// When the output activation and the cost have a fused form (sigmoid with binary
/// cross-entropy, softmax with categorical cross-entropy, and the other pairs the costs
/// document), <see cref="ComputeGradients"/> uses it: J from the logits and dZ[L] = (A[L] - Y) / m.
/// Set <see cref="UseFusedOutput"/> to false to run the general path (seed dA[L], then the
/// activation's Jacobian-transpose product).
/// </para>
/// </remarks>
public sealed class Network<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Layer<T>[] _sequence;
    private readonly DenseLayer<T>[] _layers;
    private Matrix<T> _outputGradient;
    private double _l2Penalty;

    /// <summary>Creates a network from already built layers, in forward order.</summary>
    /// <exception cref="ArgumentException">
    /// There are no layers, the last layer is not dense, or a layer's input size differs from
    /// the output size of the layer before it.
    /// </exception>
    public Network(IReadOnlyList<Layer<T>> layers, Cost cost)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(cost);
        if (layers.Count == 0)
        {
            throw new ArgumentException("a network needs at least one layer", nameof(layers));
        }

        if (layers[^1] is not DenseLayer<T>)
        {
            throw new ArgumentException(
                $"the last layer is a {layers[^1].GetType().Name}, but a network must end with a dense layer, whose activation and cost form the output",
                nameof(layers));
        }

        for (int i = 1; i < layers.Count; i++)
        {
            if (layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException(
                    $"layer {i + 1} takes {layers[i].InputSize} inputs but layer {i} gives {layers[i - 1].OutputSize} outputs",
                    nameof(layers));
            }
        }

        _sequence = [.. layers];
        _layers = [.. layers.OfType<DenseLayer<T>>()];
        Cost = cost;
        FusedOutput = cost.FuseWith(_layers[^1].Activation);
    }

    /// <summary>
    /// Creates a network with n[0] = <paramref name="inputSize"/> and the given dense and dropout
    /// layers. <paramref name="seed"/> draws the weights of the dense layers in order (biases
    /// start at 0) and then the seed of each dropout layer, so adding dropout leaves the initial
    /// weights unchanged.
    /// </summary>
    public static Network<T> Create(int inputSize, IEnumerable<LayerDefinition> layers, Cost cost, int seed, Initializer initializer = Initializer.Default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Guard.Positive(inputSize);
        var random = new Random(seed);
        LayerDefinition[] definitions = [.. layers];
        var dense = new DenseLayer<T>?[definitions.Length];
        int previous = inputSize;
        for (int i = 0; i < definitions.Length; i++)
        {
            switch (definitions[i])
            {
                case LayerSpec spec:
                    if (spec.Units <= 0)
                    {
                        throw new ArgumentOutOfRangeException(
                            nameof(layers), spec.Units, $"layer {i + 1} has {spec.Units} units: every layer needs at least 1");
                    }

                    dense[i] = new DenseLayer<T>(previous, spec.Units, spec.Activation);
                    WeightInitialization.Fill(dense[i]!.Weights, WeightInitialization.Resolve(initializer, spec.Activation), random);
                    previous = spec.Units;
                    break;
                case DropoutSpec:
                    break;
                default:
                    throw new ArgumentException($"layer {i + 1} is a {definitions[i]?.GetType().Name ?? "null"}, which Network.Create cannot build", nameof(layers));
            }
        }

        var built = new Layer<T>[definitions.Length];
        previous = inputSize;
        for (int i = 0; i < definitions.Length; i++)
        {
            built[i] = dense[i] is { } layer ? layer : new DropoutLayer<T>(previous, ((DropoutSpec)definitions[i]).Rate, random.Next());
            previous = built[i].OutputSize;
        }

        return new Network<T>(built, cost);
    }

    /// <summary>The dense layers l = 1..L, the layers with weights and biases, in forward order.</summary>
    public IReadOnlyList<DenseLayer<T>> Layers => _layers;

    /// <summary>Every layer in forward order: the dense layers and any dropout layers between them.</summary>
    public IReadOnlyList<Layer<T>> AllLayers => _sequence;

    /// <summary>The cost J.</summary>
    public Cost Cost { get; }

    /// <summary>The fused output activation and cost, or null when the pair has no fused form.</summary>
    public FusedOutput? FusedOutput { get; }

    /// <summary>Whether <see cref="ComputeGradients"/> uses <see cref="FusedOutput"/> when there is one (default true).</summary>
    public bool UseFusedOutput { get; set; } = true;

    /// <summary>
    /// λ of the L2 penalty (λ/2) Σ_l ‖W[l]‖²_F that J includes, over the weights and not the
    /// biases; 0 (the default) for none. There is no 1/m, so λ does not depend on the batch size.
    /// </summary>
    /// <remarks>
    /// The gradient is λ W[l], which equals PyTorch's weight_decay = λ for plain SGD when it is
    /// applied to the weights only. Keras's l2(c) regularizer adds c Σ w², so c = λ/2.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double L2Penalty
    {
        get => _l2Penalty;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"the L2 penalty λ must be a finite number of 0 or more, got {value}");
            }

            _l2Penalty = value;
        }
    }

    /// <summary>n[0], the number of input features.</summary>
    public int InputSize => _sequence[0].InputSize;

    /// <summary>n[L], the number of outputs.</summary>
    public int OutputSize => _layers[^1].Units;

    /// <summary>dJ/dX of the last <see cref="ComputeGradients"/> call that asked for it.</summary>
    public Matrix<T> InputGradient { get; private set; }

    /// <summary>
    /// Runs forward propagation for inference (dropout off) and returns A[L], a view of a
    /// buffer that the next call overwrites; use <see cref="Predict"/> for a copy.
    /// </summary>
    public Matrix<T> Forward(Matrix<T> inputs) => Forward(inputs, training: false);

    /// <summary>
    /// Runs forward propagation and returns A[L], a view of a buffer that the next call
    /// overwrites. With <paramref name="training"/> dropout layers draw masks (or reuse frozen ones).
    /// </summary>
    public Matrix<T> Forward(Matrix<T> inputs, bool training)
    {
        Matrix<T> a = inputs;
        foreach (Layer<T> layer in _sequence)
        {
            a = layer.Forward(a, training);
        }

        return a;
    }

    /// <summary>Returns the outputs A[L] for the inputs, in a new matrix, with dropout off.</summary>
    public Matrix<T> Predict(Matrix<T> inputs) => Forward(inputs).Clone();

    /// <summary>Returns J (with the L2 penalty) for the inputs and targets at inference, dropout off, without computing gradients.</summary>
    public T ComputeCost(Matrix<T> inputs, Matrix<T> targets) => ComputeCost(inputs, targets, training: false);

    /// <summary>
    /// Returns J (with the L2 penalty) for the inputs and targets without computing gradients.
    /// With <paramref name="training"/> dropout is on, as in <see cref="ComputeGradients"/>.
    /// </summary>
    public T ComputeCost(Matrix<T> inputs, Matrix<T> targets, bool training)
    {
        Matrix<T> output = Forward(inputs, training);
        return CostOfLastForward(output, targets);
    }

    /// <summary>
    /// Runs forward propagation in training mode (dropout on) and backward propagation on one
    /// batch, fills every dense layer's weight and bias gradients (including λ W[l] from the L2
    /// penalty), and returns J. With <paramref name="computeInputGradient"/> it also fills
    /// <see cref="InputGradient"/> with dJ/dX. The gradients are averages over the examples
    /// (equation (5.2) eq:batch-gradient-mean in docs/derivation.md) because the seed carries
    /// the cost's 1/m.
    /// </summary>
    public T ComputeGradients(Matrix<T> inputs, Matrix<T> targets, bool computeInputGradient = false)
    {
        Matrix<T> output = Forward(inputs, training: true);
        T cost = CostOfLastForward(output, targets);
        int last = _sequence.Length - 1;
        DenseLayer<T> outputLayer = _layers[^1];
        int m = inputs.Columns;
        bool handBack = last > 0 || computeInputGradient;

        Matrix<T> gradient;
        if (FusedOutput is not null && UseFusedOutput)
        {
            Matrix<T> dZ = outputLayer.WeightedSumGradientBuffer(m);
            FusedOutput.Gradient(output, targets, dZ);
            gradient = outputLayer.BackwardFromWeightedSums(LayerInput(last, inputs), dZ, handBack);
        }
        else
        {
            Matrix<T> dA = OutputGradientBuffer(m);
            Cost.Gradient(output, targets, dA);
            gradient = outputLayer.Backward(LayerInput(last, inputs), dA, handBack);
        }

        // Equation (3.1) eq:chain-rule in docs/derivation.md, applied layer by layer from L down to 1.
        for (int i = last - 1; i >= 0; i--)
        {
            gradient = _sequence[i].Backward(LayerInput(i, inputs), gradient, i > 0 || computeInputGradient);
        }

        if (_l2Penalty > 0)
        {
            L2Regularization.AddGradient(_layers, _l2Penalty);
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

        T cost = FusedOutput is not null && UseFusedOutput
            ? FusedOutput.Value(_layers[^1].WeightedSums, targets)
            : Cost.Value(output, targets);
        return _l2Penalty > 0 ? cost + L2Regularization.Value(_layers, _l2Penalty) : cost;
    }

    private Matrix<T> LayerInput(int index, Matrix<T> inputs) =>
        index == 0 ? inputs : _sequence[index - 1].Output;

    private Matrix<T> OutputGradientBuffer(int columns)
    {
        if (_outputGradient.Columns < columns)
        {
            _outputGradient = new Matrix<T>(OutputSize, columns);
        }

        return _outputGradient.ColumnRange(0, columns);
    }
}
