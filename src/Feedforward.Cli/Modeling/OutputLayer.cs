using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Data;

namespace Feedforward.Cli.Modeling;

/// <summary>Chooses the output layer, the cost and the label encoding that fit a task, unless the user overrides them.</summary>
internal static class OutputLayer
{
    /// <summary>
    /// Returns the label encoding of the task. Two classes get one sigmoid output, unless the
    /// user asked for softmax or categorical cross-entropy, which need one output per class.
    /// </summary>
    public static LabelEncoding CreateEncoding(LearningTask task, Dataset labelled, string? outputActivation, string? cost) => task switch
    {
        LearningTask.Regression => LabelEncoding.ForRegression(),
        LearningTask.Multilabel => LabelEncoding.ForMultilabel(labelled),
        _ => LabelEncoding.ForClassification(
            labelled.ClassNames ?? [],
            oneOutputPerClass: outputActivation == "softmax" || cost == "categorical_cross_entropy"),
    };

    /// <summary>
    /// Returns the output activation and cost: softmax with categorical cross-entropy for one
    /// output per class, sigmoid with binary cross-entropy for one output of two classes and for
    /// tags, linear with mean squared error for regression. A given name replaces its default.
    /// When only the output activation is given, the cost is the one that pairs with it
    /// (softmax, sigmoid or linear), or the task's default for any other activation.
    /// </summary>
    public static (Activation Activation, Cost Cost) Choose(LabelEncoding encoding, string? outputActivation, string? cost)
    {
        (string defaultActivation, string defaultCost) = encoding.Task switch
        {
            LearningTask.Regression => ("linear", "mean_squared_error"),
            LearningTask.Classification when encoding.OutputSize > 1 => ("softmax", "categorical_cross_entropy"),
            _ => ("sigmoid", "binary_cross_entropy"),
        };
        string pairedCost = outputActivation switch
        {
            "softmax" => "categorical_cross_entropy",
            "sigmoid" => "binary_cross_entropy",
            "linear" => "mean_squared_error",
            _ => defaultCost,
        };
        return (ActivationCatalog.Create(outputActivation ?? defaultActivation), CostCatalog.Create(cost ?? pairedCost));
    }
}
