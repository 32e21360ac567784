using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Costs;

internal static class CostChecks
{
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
