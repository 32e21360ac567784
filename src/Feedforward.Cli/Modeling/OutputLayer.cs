using Feedforward.Activations;
using Feedforward.Cli.Commands;
using Feedforward.Costs;
using Feedforward.Data;

namespace Feedforward.Cli.Modeling;

/// <summary>The output activation, the cost and the label encoding of a network, chosen together.</summary>
internal sealed record OutputChoice(Activation Activation, Cost Cost, LabelEncoding Encoding);

/// <summary>Chooses the output layer, the cost and the label encoding that fit a task, unless the user overrides them.</summary>
internal static class OutputLayer
{
    /// <summary>Costs whose targets are class labels, never numbers.</summary>
    private static readonly string[] LabelCosts = ["sparse_categorical_cross_entropy", "hinge", "squared_hinge"];

    /// <summary>Costs that need one output per class, even for two classes.</summary>
    private static readonly string[] PerClassCosts =
        ["categorical_cross_entropy", "sparse_categorical_cross_entropy", "kullback_leibler_divergence", "negative_log_likelihood"];

    /// <summary>
    /// Returns the output activation, the cost and the label encoding. Without overrides, that is
    /// softmax with categorical cross-entropy for 3 or more classes, sigmoid with binary
    /// cross-entropy for 2 classes and for tags, and linear with mean squared error for
    /// regression. A given cost brings the activation that pairs with it, and a given activation
    /// brings its cost. Two classes get one output unless the activation or the cost needs one
    /// per class. The cost decides the targets: class indices, ±1, or 0/1.
    /// </summary>
    /// <exception cref="CliException">The cost needs class labels but the task is regression, or one class per example but the task is multi-label.</exception>
    public static OutputChoice Choose(LearningTask task, Dataset labelled, NamedSetting? outputActivation, NamedSetting? cost)
    {
        CheckTask(task, cost?.Name);
        string? activationName = outputActivation?.Name ?? PairedActivation(cost?.Name);
        bool oneOutputPerClass = activationName is "softmax" or "log_softmax" || PerClassCosts.Contains(cost?.Name);
        TargetForm form = cost?.Name switch
        {
            "sparse_categorical_cross_entropy" => TargetForm.ClassIndex,
            "hinge" or "squared_hinge" => TargetForm.Signed,
            _ => TargetForm.Indicator,
        };

        int outputs = task switch
        {
            LearningTask.Regression => 1,
            LearningTask.Multilabel => LabelEncoding.ForMultilabel(labelled, form).OutputSize,
            _ => (labelled.ClassNames?.Count ?? 0) == 2 && !oneOutputPerClass ? 1 : labelled.ClassNames?.Count ?? 0,
        };
        (string defaultActivation, string defaultCost) = task switch
        {
            LearningTask.Regression => ("linear", "mean_squared_error"),
            LearningTask.Classification when outputs > 1 => ("softmax", "categorical_cross_entropy"),
            _ => ("sigmoid", "binary_cross_entropy"),
        };
        activationName ??= defaultActivation;
        string costName = cost?.Name ?? PairedCost(activationName) ?? defaultCost;

        Activation activation = ActivationCatalog.Create(activationName, outputActivation?.Settings);
        bool logProbabilities = activation is LogSoftmax;
        LabelEncoding encoding = task switch
        {
            LearningTask.Regression => LabelEncoding.ForRegression(),
            LearningTask.Multilabel => LabelEncoding.ForMultilabel(labelled, form),
            _ => LabelEncoding.ForClassification(labelled.ClassNames ?? [], oneOutputPerClass, form, logProbabilities),
        };
        return new OutputChoice(activation, CostCatalog.Create(costName, cost?.Settings), encoding);
    }

    /// <summary>Returns the output activation that pairs with a cost, or null for costs that suit several.</summary>
    private static string? PairedActivation(string? cost) => cost switch
    {
        "categorical_cross_entropy" or "sparse_categorical_cross_entropy" or "kullback_leibler_divergence" => "softmax",
        "negative_log_likelihood" => "log_softmax",
        "binary_cross_entropy" => "sigmoid",
        "hinge" or "squared_hinge" => "linear",
        _ => null,
    };

    /// <summary>Returns the cost that pairs with an output activation, or null for activations without one.</summary>
    private static string? PairedCost(string activation) => activation switch
    {
        "softmax" => "categorical_cross_entropy",
        "log_softmax" => "negative_log_likelihood",
        "sigmoid" => "binary_cross_entropy",
        "linear" => "mean_squared_error",
        _ => null,
    };

    private static void CheckTask(LearningTask task, string? cost)
    {
        if (task == LearningTask.Regression && LabelCosts.Contains(cost))
        {
            throw new CliException(
                $"--cost {cost} needs class labels but the label is numeric (regression): use mean_squared_error, mean_absolute_error or huber, or --task classification for a CSV label");
        }

        if (task == LearningTask.Multilabel && cost is "sparse_categorical_cross_entropy")
        {
            throw new CliException(
                "--cost sparse_categorical_cross_entropy takes one class per example but the task is multi-label: use binary_cross_entropy, hinge or squared_hinge");
        }
    }
}
