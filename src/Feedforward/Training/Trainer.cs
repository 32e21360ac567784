using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Optimizers.Schedules;
using Feedforward.Tensors;

namespace Feedforward.Training;

/// <summary>
/// Mini-batch training of a <see cref="Network{T}"/>: each epoch shuffles the examples
/// (seeded), and each batch runs forward and backward propagation and one optimizer update of
/// every W[l] and b[l]. Progress goes to callbacks; the library never prints.
/// </summary>
/// <remarks>
/// <para>
/// Each step optionally clips the gradient to a global norm, then hands the optimizer the
/// learning rate that the schedule gives for that step or epoch. After each epoch the
/// validation data, when given, is scored. The schedule receives the monitored cost, and early
/// stopping decides whether to go on.
/// </para>
/// <para>
/// After the first batch a step allocates nothing: batches are gathered into buffers made
/// once, and every layer reuses its own buffers.
/// </para>
/// </remarks>
public sealed class Trainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Network<T> _network;
    private readonly Optimizer _optimizer;
    private readonly TrainingOptions _options;
    private readonly OptimizerState<T>[] _states;
    private long _stepNumber;
    private double _learningRate;

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
        _learningRate = options.LearningRate;
    }

    /// <summary>Called after each epoch.</summary>
    public Action<EpochReport>? EpochCompleted { get; set; }

    /// <summary>Called after each batch.</summary>
    public Action<BatchProgress>? BatchCompleted { get; set; }

    /// <summary>The learning rate the next <see cref="Step"/> uses: the base rate, or the schedule's latest value.</summary>
    public double LearningRate => _learningRate;

    /// <summary>
    /// The global norm of the last step's gradient before clipping, or NaN when
    /// <see cref="TrainingOptions.MaxGradientNorm"/> is not set (the norm is then not computed).
    /// </summary>
    public double LastGradientNorm { get; private set; } = double.NaN;

    /// <summary>Whether the last <see cref="Fit"/> stopped before its last epoch because of early stopping.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>The epoch (from 1) whose weights early stopping kept in the last <see cref="Fit"/>, or null without early stopping.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs, or fewer when early stopping
    /// ends the run, and returns one report per epoch run. Validation data, when given, is
    /// scored after each epoch.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the network, or early stopping is set without validation data.</exception>
    /// <exception cref="InvalidOperationException">Early stopping watches validation accuracy but the output gives none (a linear output).</exception>
    /// <exception cref="TrainingDivergedException">The cost became NaN or infinite; the network keeps the weights from the start of that epoch.</exception>
    public IReadOnlyList<EpochReport> Fit(Matrix<T> inputs, Matrix<T> targets, Matrix<T>? validationInputs = null, Matrix<T>? validationTargets = null, CancellationToken cancellationToken = default)
    {
        CheckData(inputs, targets, "training");
        bool hasValidation = validationInputs is not null && validationTargets is not null;
        if (validationInputs is { } vx && validationTargets is { } vy)
        {
            CheckData(vx, vy, "validation");
        }

        EarlyStopping? earlyStopping = _options.EarlyStopping;
        if (earlyStopping is not null && !hasValidation)
        {
            throw new ArgumentException(
                $"early stopping watches {earlyStopping.Metric} but no validation data was given; pass validation inputs and targets, or remove early stopping",
                nameof(validationInputs));
        }

        if (earlyStopping is { Metric: EarlyStoppingMetric.ValidationAccuracy } && _network.Layers[^1].Activation is Activations.Linear && _network.Cost is not (Costs.Hinge or Costs.SquaredHinge))
        {
            throw new InvalidOperationException(
                "early stopping watches validation accuracy, but the network's output is linear and gives no accuracy; watch the validation cost instead");
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
        var best = earlyStopping is null ? null : ParameterTensors(_network).Select(p => p.Value.Clone()).ToArray();
        double bestValue = double.NaN;
        int epochsWithoutImprovement = 0;
        LearningRateSchedule? schedule = _options.Schedule;
        schedule?.Reset();
        long totalSteps = (long)_options.Epochs * batchCount;
        long runStep = 0;
        StoppedEarly = false;
        BestEpoch = null;

        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            SaveParameters(snapshot);
            if (_options.Shuffle)
            {
                random.Shuffle(order);
            }

            if (schedule is { Interval: ScheduleInterval.Epoch })
            {
                _learningRate = schedule.LearningRate(_options.LearningRate, epoch - 1, _options.Epochs);
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

                if (schedule is { Interval: ScheduleInterval.Step })
                {
                    _learningRate = schedule.LearningRate(_options.LearningRate, runStep, totalSteps);
                }

                double cost = double.CreateChecked(Step(x, y));
                runStep++;
                if (!double.IsFinite(cost))
                {
                    RestoreParameters(snapshot);
                    throw new TrainingDivergedException(
                        $"the cost became {cost} in epoch {epoch}, batch {batch + 1}: the network keeps its weights from the start of epoch {epoch}. Lower the learning rate (now {_learningRate}), clip the gradient norm, or check the data for extreme values");
                }

                costSum += cost * count;
                if (Metrics.CountCorrect(_network.Layers[^1].Activations, y, _network.Layers[^1].Activation, _network.Cost) is { } a)
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
                watch.Elapsed)
            {
                LearningRate = _learningRate,
            };
            reports.Add(report);
            schedule?.EpochCompleted(validation?.Cost ?? report.TrainingCost);
            EpochCompleted?.Invoke(report);

            if (earlyStopping is not null)
            {
                double value = MonitoredValue(earlyStopping, validation!.Value);
                if (epoch == 1 || Improves(earlyStopping, value, bestValue))
                {
                    bestValue = value;
                    BestEpoch = epoch;
                    epochsWithoutImprovement = 0;
                    SaveParameters(best!);
                }
                else if (++epochsWithoutImprovement >= earlyStopping.Patience)
                {
                    StoppedEarly = epoch < _options.Epochs;
                    break;
                }
            }
        }

        if (best is not null)
        {
            RestoreParameters(best);
        }

        return reports;
    }

    /// <summary>
    /// Runs one training step on one batch: forward and backward propagation, gradient
    /// clipping when <see cref="TrainingOptions.MaxGradientNorm"/> is set, then one optimizer
    /// update of every parameter tensor at <see cref="LearningRate"/>. Returns J before the update.
    /// </summary>
    public T Step(Matrix<T> inputs, Matrix<T> targets)
    {
        T cost = _network.ComputeGradients(inputs, targets);
        if (_options.MaxGradientNorm is double maxNorm)
        {
            ClipGradients(maxNorm);
        }

        _stepNumber++;
        T learningRate = T.CreateChecked(_learningRate);
        IReadOnlyList<DenseLayer<T>> layers = _network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            _states[2 * l].Update(layers[l].Weights.AsSpan(), layers[l].WeightGradient.AsSpan(), _stepNumber, learningRate);
            _states[(2 * l) + 1].Update(layers[l].Bias.AsSpan(), layers[l].BiasGradient.AsSpan(), _stepNumber, learningRate);
        }

        return cost;
    }

    /// <summary>
    /// Scales every dW[l] and db[l] by c / ‖g‖ when the global norm ‖g‖ exceeds c (equation (8.3)
    /// eq:gradient-clipping in docs/derivation.md). PyTorch's
    /// clip_grad_norm_ scales by c / (‖g‖ + 1e-6) instead, a relative difference below 1e-6 / ‖g‖.
    /// A non-finite norm is left alone, so divergence still shows in the cost.
    /// </summary>
    private void ClipGradients(double maxNorm)
    {
        IReadOnlyList<DenseLayer<T>> layers = _network.Layers;
        double sumOfSquares = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            sumOfSquares += double.CreateChecked(TensorPrimitives.SumOfSquares<T>(layers[l].WeightGradient.AsSpan()));
            sumOfSquares += double.CreateChecked(TensorPrimitives.SumOfSquares<T>(layers[l].BiasGradient.AsSpan()));
        }

        double norm = Math.Sqrt(sumOfSquares);
        LastGradientNorm = norm;
        if (!(norm > maxNorm) || double.IsInfinity(norm))
        {
            return;
        }

        T scale = T.CreateChecked(maxNorm / norm);
        for (int l = 0; l < layers.Count; l++)
        {
            TensorPrimitives.Multiply<T>(layers[l].WeightGradient.AsSpan(), scale, layers[l].WeightGradient.AsSpan());
            TensorPrimitives.Multiply<T>(layers[l].BiasGradient.AsSpan(), scale, layers[l].BiasGradient.AsSpan());
        }
    }

    private static double MonitoredValue(EarlyStopping earlyStopping, (double Cost, double? Accuracy) validation)
    {
        if (earlyStopping.Metric == EarlyStoppingMetric.ValidationCost)
        {
            return validation.Cost;
        }

        return validation.Accuracy ?? throw new InvalidOperationException(
            "early stopping watches validation accuracy, but the network's output is linear and gives no accuracy; watch the validation cost instead");
    }

    // Equation (9.14) eq:early-stopping in docs/derivation.md: whether an epoch beats the best so far.
    private static bool Improves(EarlyStopping earlyStopping, double value, double best) =>
        earlyStopping.Metric == EarlyStoppingMetric.ValidationCost
            ? value < best - earlyStopping.MinDelta
            : value > best + earlyStopping.MinDelta;

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
