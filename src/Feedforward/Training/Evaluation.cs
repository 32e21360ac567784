using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Training;

/// <summary>Cost and accuracy of a network on a data set, computed in batches to bound memory.</summary>
public static class Evaluation
{
    /// <summary>The batch size used when none is given: large enough for fast products, small enough to bound memory.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>Returns J averaged over all examples and the accuracy (null for regression).</summary>
    public static (double Cost, double? Accuracy) Evaluate<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, int batchSize = DefaultBatchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(batchSize);
        double costSum = 0;
        long correct = 0;
        long counted = 0;
        bool hasAccuracy = true;
        for (int start = 0; start < inputs.Columns; start += batchSize)
        {
            int count = Math.Min(batchSize, inputs.Columns - start);
            Matrix<T> x = inputs.ColumnRange(start, count);
            Matrix<T> y = targets.ColumnRange(start, count);
            costSum += double.CreateChecked(network.ComputeCost(x, y)) * count;
            var accuracy = Metrics.CountCorrect(network.Layers[^1].Activations, y, network.Layers[^1].Activation, network.Cost);
            if (accuracy is { } a)
            {
                correct += a.Correct;
                counted += a.Counted;
            }
            else
            {
                hasAccuracy = false;
            }
        }

        int m = Math.Max(inputs.Columns, 1);
        return (costSum / m, hasAccuracy && counted > 0 ? (double)correct / counted : null);
    }
}
