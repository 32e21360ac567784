using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Feedforward.Cli.Modeling;
using Feedforward.Cli.Rendering;
using Feedforward.Costs;
using Feedforward.Data;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Optimizers.Schedules;
using Feedforward.Serialization;
using Feedforward.Tensors;
using Feedforward.Training;
using Spectre.Console;

namespace Feedforward.Cli.Commands;

/// <summary>
/// <c>ffnn train</c>: trains a network on a bundled dataset, IDX files or a CSV file, shows
/// progress and a table per epoch, and writes a model file with everything evaluate and predict need.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train a network and write it to a model file. With no options, trains on the bundled digits.");
        options.AddTo(command);
        command.SetAction(parsed => Run(context, options.Read(parsed)));
        return command;
    }

    // Applies --threads for this run only, so an in-process caller keeps its own limit.
    private static int Run(CliContext context, TrainSettings settings)
    {
        int threads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = settings.Threads;
        try
        {
            return Train(context, settings);
        }
        finally
        {
            Parallelism.MaxThreads = threads;
        }
    }

    private static int Train(CliContext context, TrainSettings settings)
    {
        var watch = Stopwatch.StartNew();
        TrainingData data = DataLoading.LoadForTraining(settings.Data);
        (Dataset train, Dataset? validation, double validationSplit) = Split(data, settings);
        CheckEarlyStopping(settings, data.Task, validation is not null);
        OutputChoice output = OutputLayer.Choose(data.Task, data.Train, settings.OutputActivation, settings.Cost);
        LabelEncoding encoding = output.Encoding;
        Prepared prepared = Prepare(settings, encoding, train, validation);
        TimeSpan loading = watch.Elapsed;
        watch.Restart();

        Network<float> network = BuildNetwork(settings, output, prepared.Inputs.Rows);
        var trainer = new Trainer<float>(network, OptimizerCatalog.Create(settings.Optimizer.Name, settings.Optimizer.Settings), CreateTrainingOptions(settings));

        bool jsonOnStdout = settings.JsonPath == AtomicFile.StandardOutput;
        IAnsiConsole console = Consoles.Create(jsonOnStdout ? context.Error : context.Out);
        var display = new TrainingDisplay(console);
        var position = new DivergencePosition(trainer);
        IReadOnlyList<EpochReport> reports = display.Run(trainer, settings.Epochs, () => Fit(trainer, network, prepared, settings, position));
        TimeSpan training = watch.Elapsed;
        display.WriteTable(reports, TableCaption(prepared, network));
        if (settings.Regularization.EarlyStopping is { } earlyStopping)
        {
            console.WriteLine(TrainReport.DescribeEarlyStopping(earlyStopping, trainer, reports));
        }

        JsonObject result = TrainReport.DescribeResult(settings, data.Task, network, prepared, reports, trainer, training, loading);
        var info = new ModelInfo(
            data.Task,
            encoding.ClassNames,
            data.Train.FeatureNames,
            data.LabelColumn,
            prepared.FeatureScaler,
            prepared.TargetScaler,
            TrainReport.DescribeTraining(settings, validationSplit, result));
        ModelFile.Save(settings.ModelPath, network, info.ToMetadata());

        TrainReport.WriteSummary(console, settings, result, validation is not null);
        if (settings.JsonPath is { } jsonPath)
        {
            AtomicFile.WriteOrPrint(jsonPath, context.Out, writer => writer.WriteLine(JsonOutput.Serialize(result)));
        }

        return 0;
    }

    /// <summary>
    /// Runs the training. A cost rejects targets it cannot score with an ArgumentException.
    /// Early stopping on accuracy rejects an output without accuracy with an
    /// InvalidOperationException. Both are input errors. Divergence is a failure, and no model
    /// is written, so the file at --model, if any, stays as it was.
    /// </summary>
    private static IReadOnlyList<EpochReport> Fit(Trainer<float> trainer, Network<float> network, Prepared prepared, TrainSettings settings, DivergencePosition position)
    {
        try
        {
            return trainer.Fit(prepared.Inputs, prepared.Targets, prepared.ValidationInputs, prepared.ValidationTargets);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"training with the {network.Cost.Name} cost failed: {Cli.PlainMessage(e)}", e);
        }
        catch (InvalidOperationException e) when (settings.Regularization.EarlyStopping is { Metric: EarlyStoppingMetric.ValidationAccuracy })
        {
            throw new CliException($"--early-stopping-metric accuracy: {Cli.PlainMessage(e)} (--early-stopping-metric cost)", e);
        }
        catch (TrainingDivergedException e)
        {
            (int epoch, int batch) = position.Diverged;
            throw new CliException(
                string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"training diverged: the cost became NaN or infinite in epoch {epoch}, batch {batch}, at learning rate {trainer.LearningRate:G4}. No model was written, so '{settings.ModelPath}' is unchanged. Lower --learning-rate, add --max-gradient-norm (such as 1), or check the data for extreme values"),
                e,
                CliException.FailureExitCode);
        }
    }

    /// <summary>Rejects early stopping without validation data, and on accuracy for regression, before any training.</summary>
    private static void CheckEarlyStopping(TrainSettings settings, LearningTask task, bool hasValidation)
    {
        if (settings.Regularization.EarlyStopping is not { } earlyStopping)
        {
            return;
        }

        if (!hasValidation)
        {
            throw new CliException("--early-stopping needs validation data but --validation-split is 0: set --validation-split above 0 (such as 0.2) or give --test-images and --test-labels");
        }

        if (earlyStopping.Metric == EarlyStoppingMetric.ValidationAccuracy && task == LearningTask.Regression)
        {
            throw new CliException("--early-stopping-metric accuracy needs classes but the task is regression: use --early-stopping-metric cost");
        }
    }

    private static TrainingOptions CreateTrainingOptions(TrainSettings settings) => new()
    {
        Epochs = settings.Epochs,
        BatchSize = settings.BatchSize,
        LearningRate = settings.LearningRate,
        Seed = settings.Seed,
        Schedule = settings.Schedule is { } schedule ? LearningRateScheduleCatalog.Create(schedule.Name, schedule.Settings) : null,
        EarlyStopping = settings.Regularization.EarlyStopping,
        MaxGradientNorm = settings.MaxGradientNorm,
    };

    private static string? TableCaption(Prepared prepared, Network<float> network)
    {
        var notes = new List<string>();
        if (prepared.TargetScaler is not null)
        {
            notes.Add("Costs are measured on standardized targets.");
        }

        if (network.Cost is Hinge or SquaredHinge && network.OutputSize > 1)
        {
            notes.Add("With a hinge cost and several outputs, accuracy counts each output's sign separately; ffnn evaluate counts whole examples.");
        }

        return notes.Count == 0 ? null : string.Join(' ', notes);
    }

    /// <summary>
    /// Follows the trainer's batches, so that a divergence can name the epoch and batch where the
    /// cost stopped being finite: the batch after the last one completed.
    /// </summary>
    private sealed class DivergencePosition
    {
        private BatchProgress? _last;

        public DivergencePosition(Trainer<float> trainer)
        {
            trainer.BatchCompleted = progress => _last = progress;
        }

        /// <summary>The epoch and batch, both from 1, of the first batch that did not complete.</summary>
        public (int Epoch, int Batch) Diverged => _last switch
        {
            null => (1, 1),
            { Batch: var batch, BatchCount: var count, Epoch: var epoch } when batch == count => (epoch + 1, 1),
            { } last => (last.Epoch, last.Batch + 1),
        };
    }

    /// <summary>Scaled inputs and encoded targets for training and validation, and the scalers fitted on the training part.</summary>
    internal sealed record Prepared(
        Matrix<float> Inputs,
        Matrix<float> Targets,
        Matrix<float>? ValidationInputs,
        Matrix<float>? ValidationTargets,
        IFeatureScaler? FeatureScaler,
        IFeatureScaler? TargetScaler);

    /// <summary>
    /// Returns the training part and the validation data: the test set when one is given,
    /// otherwise a seeded split of the training data (default 0.2, none for 0).
    /// </summary>
    private static (Dataset Train, Dataset? Validation, double Split) Split(TrainingData data, TrainSettings settings)
    {
        if (data.Test is not null)
        {
            if (settings.ValidationSplit is > 0)
            {
                throw new CliException("--validation-split cannot be combined with --test-images: the test set is the validation data");
            }

            return (data.Train, data.Test, 0);
        }

        double split = settings.ValidationSplit ?? 0.2;
        if (split == 0)
        {
            return (data.Train, null, 0);
        }

        try
        {
            (Dataset train, Dataset validation) = data.Train.Split(split, settings.Seed);
            return (train, validation, split);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--validation-split: {Cli.PlainMessage(e)}", e);
        }
    }

    private static Prepared Prepare(TrainSettings settings, LabelEncoding encoding, Dataset train, Dataset? validation)
    {
        ScaleKind scale = settings.Scale;
        IFeatureScaler? featureScaler = FeatureScaling.Fit(scale, train.Features);
        Matrix<float> targets = encoding.EncodeTargets(train);
        IFeatureScaler? targetScaler = encoding.Task == LearningTask.Regression && scale != ScaleKind.None
            ? StandardScaler.Fit(targets)
            : null;

        Matrix<float> Scale(IFeatureScaler? scaler, Matrix<float> matrix) => scaler?.Transform(matrix) ?? matrix;
        return new Prepared(
            Scale(featureScaler, train.Features),
            Scale(targetScaler, targets),
            validation is null ? null : Scale(featureScaler, validation.Features),
            validation is null ? null : Scale(targetScaler, encoding.EncodeTargets(validation)),
            featureScaler,
            targetScaler);
    }

    /// <summary>
    /// Builds the network: input dropout, then each hidden layer followed by its dropout, then the
    /// output layer. Dropout layers with rate 0 are left out, so the model file of a run without
    /// dropout has none.
    /// </summary>
    private static Network<float> BuildNetwork(TrainSettings settings, OutputChoice output, int inputSize)
    {
        RegularizationSettings regularization = settings.Regularization;
        Activations.Activation hidden = Activations.ActivationCatalog.Create(settings.Activation.Name, settings.Activation.Settings);
        var layers = new List<LayerDefinition>();
        if (regularization.InputDropout > 0)
        {
            layers.Add(new DropoutSpec(regularization.InputDropout));
        }

        foreach (int units in settings.Hidden)
        {
            layers.Add(new LayerSpec(units, hidden));
            if (regularization.Dropout > 0)
            {
                layers.Add(new DropoutSpec(regularization.Dropout));
            }
        }

        layers.Add(new LayerSpec(output.Encoding.OutputSize, output.Activation));
        Network<float> network = Network<float>.Create(inputSize, layers, output.Cost, settings.Seed);
        network.L2Penalty = regularization.L2;
        return network;
    }
}
