using System.Numerics;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Tensors;

namespace Feedforward.Training;

/// <summary>Accuracy of outputs against targets, in the form that fits the output activation.</summary>
public static class Metrics
{
    /// <summary>
    /// Returns the number of correct predictions and the number counted. With softmax (or any
    /// output of several units that is not sigmoid) a column is correct when its largest output
    /// and its largest target are in the same row. With sigmoid each unit is correct when it
    /// lies on the same side of 0.5 as its target. Targets of one row for an output of several
    /// units are class indices (as sparse_categorical_cross_entropy takes them), and a column is
    /// correct when its largest output is in the row of its class. Returns null for a linear
    /// output (regression).
    /// </summary>
    public static (long Correct, long Counted)? CountCorrect<T>(Matrix<T> output, Matrix<T> targets, Activation outputActivation)
        where T : unmanaged, IFloatingPointIeee754<T>
        => CountCorrect(output, targets, outputActivation, null);

    /// <summary>
    /// Returns the number of correct predictions and the number counted, as the overload without
    /// a cost does, except for the hinge costs. Their targets are -1 or +1, so each unit is
    /// correct when its output has the sign of its target, whatever the output activation. An
    /// output of exactly 0 counts as negative.
    /// </summary>
    public static (long Correct, long Counted)? CountCorrect<T>(Matrix<T> output, Matrix<T> targets, Activation outputActivation, Cost? cost)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(outputActivation);
        if (cost is Hinge or SquaredHinge)
        {
            return (CountSameSign(output, targets), output.Length);
        }

        if (outputActivation is Linear)
        {
            return null;
        }

        if (targets.Rows == 1 && output.Rows > 1)
        {
            return (CountClassIndexMatches(output, targets), output.Columns);
        }

        if (outputActivation is Sigmoid || output.Rows == 1)
        {
            return (CountSameSide(output, targets), output.Length);
        }

        long correct = 0;
        for (int j = 0; j < output.Columns; j++)
        {
            if (ArgMax<T>(output.Column(j)) == ArgMax<T>(targets.Column(j)))
            {
                correct++;
            }
        }

        return (correct, output.Columns);
    }

    /// <summary>Returns the index of the largest element (the first one on ties).</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static long CountSameSign<T>(Matrix<T> output, Matrix<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        long correct = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] > T.Zero) == (y[i] > T.Zero))
            {
                correct++;
            }
        }

        return correct;
    }

    private static long CountClassIndexMatches<T>(Matrix<T> output, Matrix<T> classIndices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long correct = 0;
        for (int j = 0; j < output.Columns; j++)
        {
            if (T.CreateChecked(ArgMax<T>(output.Column(j))) == classIndices[0, j])
            {
                correct++;
            }
        }

        return correct;
    }

    private static long CountSameSide<T>(Matrix<T> output, Matrix<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        ReadOnlySpan<T> a = output.AsSpan();
        ReadOnlySpan<T> y = targets.AsSpan();
        long correct = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] >= half) == (y[i] >= half))
            {
                correct++;
            }
        }

        return correct;
    }
}
