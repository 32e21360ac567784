using System.Diagnostics;
using System.Numerics;
using Feedforward.Optimizers;
using Feedforward.Tensors;

namespace Feedforward.Training;

/// <summary>
/// Mini-batch training of a <see cref="Network{T}"/>: each epoch shuffles the examples
/// (seeded), and each batch runs forward and backward propagation and one optimizer update of
/// every W[l] and b[l]. Progress goes to callbacks; the library never prints.
/// </summary>
/// <remarks>
/// After the first batch a step allocates nothing: batches are gathered into buffers made
/// once, and every layer reuses its own buffers.
/// </remarks>
public sealed class Trainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Network<T> _network;
    private readonly Optimizer _optimizer;
    private readonly TrainingOptions _options;
    private readonly OptimizerState<T>[] _states;
    private long _stepNumber;

    /// <summary>Creates a trainer; <paramref name="options"/> are validated here.</summary>
    public Trainer(Network<T> network, Optimizer optimizer, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _optimizer = optimizer;
        _options = options;
        _states = [.. ParameterTensors(network).Select(p => optimizer.CreateState<T>(p.Value.Length))];
    }

    /// <summary>Called after each epoch.</summary>
    public Action<EpochReport>? EpochCompleted { get; set; }

    /// <summary>Called after each batch.</summary>
    public Action<BatchProgress>? BatchCompleted { get; set; }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs and returns one report per epoch.
    /// Validation data, when given, is scored after each epoch.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The cost became NaN or infinite; the network keeps the weights from the start of that epoch.</exception>
    public IReadOnlyList<EpochReport> Fit(Matrix<T> inputs, Matrix<T> targets, Matrix<T>? validationInputs = null, Matrix<T>? validationTargets = null, CancellationToken cancellationToken = default)
    {
        CheckData(inputs, targets, "training");
        if (validationInputs is { } vx && validationTargets is { } vy)
        {
            CheckData(vx, vy, "validation");
        }

        var random = new Random(_options.Seed);
        int m = inputs.Columns;
        int[] order = [.. Enumerable.Range(0, m)];
        int batchSize = Math.Min(_options.BatchSize, m);
        var batchInputs = new Matrix<T>(inputs.Rows, batchSize);
        var batchTargets = new Matrix<T>(targets.Rows, batchSize);
        int batchCount = (m + batchSize - 1) / batchSize;
        var reports = new List<EpochReport>();
        var snapshot = ParameterTensors(_network).Select(p => p.Value.Clone()).ToArray();

        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            SaveParameters(snapshot);
            if (_options.Shuffle)
            {
                random.Shuffle(order);
            }

            var watch = Stopwatch.StartNew();
            double costSum = 0;
            long correct = 0;
            long counted = 0;
            for (int batch = 0; batch < batchCount; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = batch * batchSize;
                int count = Math.Min(batchSize, m - start);
                Matrix<T> x = batchInputs.ColumnRange(0, count);
                Matrix<T> y = batchTargets.ColumnRange(0, count);
                Gather(inputs, order.AsSpan(start, count), x);
                Gather(targets, order.AsSpan(start, count), y);

                double cost = double.CreateChecked(Step(x, y));
                if (!double.IsFinite(cost))
                {
                    RestoreParameters(snapshot);
                    throw new TrainingDivergedException(
                        $"the cost became {cost} in epoch {epoch}, batch {batch + 1}: the network keeps its weights from the start of epoch {epoch}. Lower the learning rate (now {_options.LearningRate}) or check the data for extreme values");
                }

                costSum += cost * count;
                if (Metrics.CountCorrect(_network.Layers[^1].Activations, y, _network.Layers[^1].Activation) is { } a)
                {
                    correct += a.Correct;
                    counted += a.Counted;
                }

                BatchCompleted?.Invoke(new BatchProgress(epoch, batch + 1, batchCount));
            }

            watch.Stop();
            (double Cost, double? Accuracy)? validation = validationInputs is { } vInputs && validationTargets is { } vTargets
                ? Evaluation.Evaluate(_network, vInputs, vTargets)
                : null;
            var report = new EpochReport(
                epoch,
                _options.Epochs,
                costSum / m,
                counted > 0 ? (double)correct / counted : null,
                validation?.Cost,
                validation?.Accuracy,
                watch.Elapsed);
            reports.Add(report);
            EpochCompleted?.Invoke(report);
        }

        return reports;
    }

    /// <summary>
    /// Runs one training step on one batch: forward and backward propagation, then one
    /// optimizer update of every parameter tensor. Returns J before the update.
    /// </summary>
    public T Step(Matrix<T> inputs, Matrix<T> targets)
    {
        T cost = _network.ComputeGradients(inputs, targets);
        _stepNumber++;
        T learningRate = T.CreateChecked(_options.LearningRate);
        IReadOnlyList<Layers.DenseLayer<T>> layers = _network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            _states[2 * l].Update(layers[l].Weights.AsSpan(), layers[l].WeightGradient.AsSpan(), _stepNumber, learningRate);
            _states[(2 * l) + 1].Update(layers[l].Bias.AsSpan(), layers[l].BiasGradient.AsSpan(), _stepNumber, learningRate);
        }

        return cost;
    }

    private static IEnumerable<(Matrix<T> Value, Matrix<T> Gradient)> ParameterTensors(Network<T> network)
    {
        foreach (var layer in network.Layers)
        {
            yield return (layer.Weights, layer.WeightGradient);
            yield return (layer.Bias, layer.BiasGradient);
        }
    }

    private void SaveParameters(Matrix<T>[] snapshot)
    {
        int i = 0;
        foreach (var (value, _) in ParameterTensors(_network))
        {
            value.AsSpan().CopyTo(snapshot[i++].AsSpan());
        }
    }

    private void RestoreParameters(Matrix<T>[] snapshot)
    {
        int i = 0;
        foreach (var (value, _) in ParameterTensors(_network))
        {
            snapshot[i++].AsSpan().CopyTo(value.AsSpan());
        }
    }

    private static void Gather(Matrix<T> source, ReadOnlySpan<int> columns, Matrix<T> destination)
    {
        for (int j = 0; j < columns.Length; j++)
        {
            source.Column(columns[j]).CopyTo(destination.Column(j));
        }
    }

    private void CheckData(Matrix<T> inputs, Matrix<T> targets, string role)
    {
        if (inputs.Rows != _network.InputSize)
        {
            throw new ArgumentException(
                $"{role} inputs have {inputs.Rows} features but the network takes {_network.InputSize}", nameof(inputs));
        }

        int targetRows = _network.Cost.TargetRows(_network.OutputSize);
        if (targets.Rows != targetRows || targets.Columns != inputs.Columns)
        {
            throw new ArgumentException(
                $"{role} targets are {targets.Rows} x {targets.Columns} but {targetRows} x {inputs.Columns} (rows x examples) is expected for {_network.OutputSize} outputs and the cost {_network.Cost.Name}",
                nameof(targets));
        }

        if (inputs.Columns == 0)
        {
            throw new ArgumentException($"{role} data has no examples", nameof(inputs));
        }
    }
}
