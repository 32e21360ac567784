using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Costs;

internal static class CostChecks
{
    /// <summary>The name of the targets argument of every cost method, for exceptions.</summary>
    private const string TargetsParameter = "targets";

    public static void SameShape<T>(Matrix<T> output, Matrix<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Rows != targets.Rows || output.Columns != targets.Columns)
        {
            throw new ArgumentException(
                $"targets are {targets.Rows} x {targets.Columns} but the output layer gives {output.Rows} x {output.Columns} (units x examples): expected targets of {output.Rows} x {output.Columns}",
                nameof(targets));
        }
    }

    /// <summary>Throws unless the targets are one row of class indices, one per output column.</summary>
    public static void SparseShape<T>(Matrix<T> output, Matrix<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (targets.Rows != 1 || targets.Columns != output.Columns)
        {
            throw new ArgumentException(
                $"sparse targets are {targets.Rows} x {targets.Columns} but the output layer gives {output.Rows} x {output.Columns} (units x examples): expected 1 x {output.Columns}, one class index per example",
                nameof(targets));
        }
    }

    /// <summary>Returns the class index stored in <paramref name="label"/>, or throws when it is not a whole number in [0, classes).</summary>
    public static int ClassIndex<T>(T label, int classes, int column)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsInteger(label) || label < T.Zero || label >= T.CreateChecked(classes))
        {
            ThrowInvalidClassIndex(double.CreateChecked(label), classes, column, TargetsParameter);
        }

        return int.CreateTruncating(label);
    }

    /// <summary>Throws unless every target is -1 or +1, as the hinge losses require.</summary>
    public static void PlusMinusOne<T>(Matrix<T> targets, string costName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> y = targets.AsSpan();
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] != T.One && y[i] != -T.One)
            {
                ThrowNotPlusMinusOne(costName, double.CreateChecked(y[i]), i % targets.Rows, i / targets.Rows, nameof(targets));
            }
        }
    }

    private static void ThrowInvalidClassIndex(double label, int classes, int column, string parameterName) =>
        throw new ArgumentException(
            $"sparse targets contain class indices, but example {column} has {label}: expected a whole number from 0 to {classes - 1} for an output layer of {classes} units",
            parameterName);

    private static void ThrowNotPlusMinusOne(string costName, double value, int row, int column, string parameterName) =>
        throw new ArgumentException(
            $"{costName} targets must be -1 or +1, but element ({row}, {column}) is {value}; map 0/1 labels to -1/+1 with 2y - 1",
            parameterName);

    /// <summary>Returns 1/m for a batch of m columns, or 0 for an empty batch.</summary>
    public static T InverseCount<T>(int columns)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        columns == 0 ? T.Zero : T.One / T.CreateChecked(columns);

    /// <summary>
    /// The smallest probability a cross-entropy takes the logarithm of: log(0) would give an
    /// infinite cost and NaN gradients, so probabilities are clamped to [ε, 1 - ε].
    /// </summary>
    public static T ProbabilityFloor<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateChecked(1e-7) : T.CreateChecked(1e-15);
}
