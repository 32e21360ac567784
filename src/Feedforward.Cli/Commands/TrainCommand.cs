using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Feedforward.Cli.Modeling;
using Feedforward.Cli.Rendering;
using Feedforward.Costs;
using Feedforward.Data;
using Feedforward.Layers;
using Feedforward.Optimizers;
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

    private static int Run(CliContext context, TrainSettings settings)
    {
        var watch = Stopwatch.StartNew();
        TrainingData data = DataLoading.LoadForTraining(settings.Data);
        (Dataset train, Dataset? validation, double validationSplit) = Split(data, settings);
        LabelEncoding encoding = OutputLayer.CreateEncoding(data.Task, data.Train, settings.OutputActivation, settings.Cost);
        Prepared prepared = Prepare(settings, encoding, train, validation);

        Network<float> network = BuildNetwork(settings, encoding, prepared.Inputs.Rows);
        var trainer = new Trainer<float>(
            network,
            OptimizerCatalog.Create(settings.Optimizer),
            new TrainingOptions { Epochs = settings.Epochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate, Seed = settings.Seed });

        bool jsonOnStdout = settings.JsonPath == AtomicFile.StandardOutput;
        IAnsiConsole console = Consoles.Create(jsonOnStdout ? context.Error : context.Out);
        var display = new TrainingDisplay(console);
        IReadOnlyList<EpochReport> reports = display.Run(trainer, settings.Epochs, () => Fit(trainer, network, prepared));
        display.WriteTable(reports, prepared.TargetScaler is null ? null : "Costs are measured on standardized targets.");

        JsonObject result = DescribeResult(settings, data.Task, network, prepared, reports, watch.Elapsed);
        var info = new ModelInfo(
            data.Task,
            encoding.ClassNames,
            data.Train.FeatureNames,
            data.LabelColumn,
            prepared.FeatureScaler,
            prepared.TargetScaler,
            DescribeTraining(settings, validationSplit, result));
        ModelFile.Save(settings.ModelPath, network, info.ToMetadata());

        WriteSummary(console, settings, result, validation is not null);
        if (settings.JsonPath is { } jsonPath)
        {
            AtomicFile.WriteOrPrint(jsonPath, context.Out, writer => writer.WriteLine(JsonOutput.Serialize(result)));
        }

        return 0;
    }

    /// <summary>
    /// Runs the training. A cost rejects targets it cannot score (for example a hinge cost with
    /// 0/1 targets) with an ArgumentException, which is reported as an input error.
    /// </summary>
    private static IReadOnlyList<EpochReport> Fit(Trainer<float> trainer, Network<float> network, Prepared prepared)
    {
        try
        {
            return trainer.Fit(prepared.Inputs, prepared.Targets, prepared.ValidationInputs, prepared.ValidationTargets);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"training with the {network.Cost.Name} cost failed: {Cli.PlainMessage(e)}", e);
        }
    }

    /// <summary>Scaled inputs and encoded targets for training and validation, and the scalers fitted on the training part.</summary>
    private sealed record Prepared(
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

    private static Network<float> BuildNetwork(TrainSettings settings, LabelEncoding encoding, int inputSize)
    {
        (Activations.Activation outputActivation, Cost cost) = OutputLayer.Choose(encoding, settings.OutputActivation, settings.Cost);
        Activations.Activation hidden = Activations.ActivationCatalog.Create(settings.Activation);
        var layers = settings.Hidden.Select(units => new LayerSpec(units, hidden)).Append(new LayerSpec(encoding.OutputSize, outputActivation));
        return Network<float>.Create(inputSize, layers, cost, settings.Seed);
    }

    /// <summary>Returns the final metrics: cost and accuracy on the whole training part and on the validation data, after the last epoch.</summary>
    private static JsonObject DescribeResult(TrainSettings settings, LearningTask task, Network<float> network, Prepared prepared, IReadOnlyList<EpochReport> reports, TimeSpan elapsed)
    {
        (double cost, double? accuracy) = Evaluation.Evaluate(network, prepared.Inputs, prepared.Targets);
        var result = new JsonObject
        {
            ["task"] = ModelInfo.TaskName(task),
            ["model"] = settings.ModelPath,
            ["training"] = Metrics(cost, accuracy, prepared.Inputs.Columns),
        };
        if (prepared.ValidationInputs is { } validationInputs && prepared.ValidationTargets is { } validationTargets)
        {
            (double validationCost, double? validationAccuracy) = Evaluation.Evaluate(network, validationInputs, validationTargets);
            result["validation"] = Metrics(validationCost, validationAccuracy, validationInputs.Columns);
        }

        var epochs = new JsonArray();
        foreach (EpochReport report in reports)
        {
            epochs.Add(new JsonObject
            {
                ["epoch"] = report.Epoch,
                ["cost"] = JsonOutput.Number(report.TrainingCost),
                ["accuracy"] = JsonOutput.Number(report.TrainingAccuracy),
                ["validation_cost"] = JsonOutput.Number(report.ValidationCost),
                ["validation_accuracy"] = JsonOutput.Number(report.ValidationAccuracy),
                ["seconds"] = report.Duration.TotalSeconds,
            });
        }

        result["epochs"] = epochs;
        result["seconds"] = elapsed.TotalSeconds;
        return result;
    }

    private static JsonObject Metrics(double cost, double? accuracy, int examples) => new()
    {
        ["examples"] = examples,
        ["cost"] = JsonOutput.Number(cost),
        ["accuracy"] = JsonOutput.Number(accuracy),
    };

    /// <summary>Returns the settings to store in the model file, so that a run can be repeated and evaluate can find the held-out part.</summary>
    private static JsonObject DescribeTraining(TrainSettings settings, double validationSplit, JsonObject result) => new()
    {
        ["data"] = settings.Data.ToJson(),
        ["hidden"] = new JsonArray([.. settings.Hidden.Select(units => (JsonNode?)units)]),
        ["activation"] = settings.Activation,
        ["optimizer"] = settings.Optimizer,
        ["learning_rate"] = settings.LearningRate,
        ["epochs"] = settings.Epochs,
        ["batch_size"] = settings.BatchSize,
        ["seed"] = settings.Seed,
        ["validation_split"] = validationSplit,
        ["training"] = result["training"]?.DeepClone(),
        ["validation"] = result["validation"]?.DeepClone(),
    };

    private static void WriteSummary(IAnsiConsole console, TrainSettings settings, JsonObject result, bool hasValidation)
    {
        string part = hasValidation ? "validation" : "training";
        JsonNode? metrics = result[part];
        string accuracy = metrics?["accuracy"] is JsonValue value && value.TryGetValue(out double a) ? $", accuracy {TrainingDisplay.Percent(a)}" : "";
        string seconds = result["seconds"]!.GetValue<double>().ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        console.WriteLine($"Final {part} cost {TrainingDisplay.Number(metrics?["cost"]?.GetValue<double>())}{accuracy} ({metrics?["examples"]} examples). Trained in {seconds} s.");
        console.WriteLine($"Model written to {settings.ModelPath}");
    }
}
