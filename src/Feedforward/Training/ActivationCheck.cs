using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Training;

/// <summary>The result of <see cref="ActivationCheck.Run(Activation, Matrix{double}, int, double)"/>.</summary>
/// <param name="Activation">The name of the activation checked.</param>
/// <param name="Inputs">The points Z the activation was checked at (units x examples).</param>
/// <param name="Analytic">dZ from the activation's backward pass, for a random upstream gradient dA.</param>
/// <param name="Numeric">dZ from finite differences of Σ dA ⊙ g(Z), column by column.</param>
/// <param name="MaxAbsoluteError">The largest |analytic - numeric|, or NaN when either is NaN somewhere.</param>
/// <param name="MaxRelativeError">The largest relative error as <see cref="GradientCheck.RelativeError"/> defines it, or NaN.</param>
/// <param name="Tolerance">The bound <see cref="Passed"/> compares <paramref name="MaxRelativeError"/> with.</param>
public sealed record ActivationCheckReport(
    string Activation,
    Matrix<double> Inputs,
    Matrix<double> Analytic,
    Matrix<double> Numeric,
    double MaxAbsoluteError,
    double MaxRelativeError,
    double Tolerance)
{
    /// <summary>Whether the largest relative error is below <see cref="Tolerance"/> (false when it is NaN).</summary>
    public bool Passed => MaxRelativeError < Tolerance;
}

/// <summary>
/// Checks an activation's backward pass (its Jacobian-transpose product) against finite
/// differences of its forward pass, in double: run it on a custom activation before training.
/// </summary>
/// <remarks>
/// For a random upstream gradient dA, the check compares the backward pass's dZ with the
/// gradient of f(Z) = Σ_ij dA_ij g(Z)_ij, which is exactly (dA/dZ)ᵀ dA column by column
/// (equation (6.21) eq:activation-check in docs/derivation.md), so it covers element-wise and
/// vector-valued activations alike. Points exactly at a kink (0 for
/// ReLU) are not meaningful here: there finite differences give the mean of the one-sided
/// derivatives, which no backward pass is expected to return.
/// </remarks>
public static class ActivationCheck
{
    /// <summary>The default bound on the relative error, the same as the gradient check's in double.</summary>
    public const double DefaultTolerance = 1e-7;

    /// <summary>
    /// Checks the activation at <paramref name="examples"/> random columns of <paramref name="units"/>
    /// elements each, drawn uniformly from [-range, range] with <paramref name="seed"/>.
    /// </summary>
    public static ActivationCheckReport Run(Activation activation, int units = 4, int examples = 8, double range = 3, int seed = 0, double tolerance = DefaultTolerance)
    {
        Guard.Positive(units);
        Guard.Positive(examples);
        Guard.Positive(range);
        var random = new Random(seed);
        var inputs = new Matrix<double>(units, examples);
        Span<double> z = inputs.AsSpan();
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = range * ((2 * random.NextDouble()) - 1);
        }

        return Run(activation, inputs, random.Next(), tolerance);
    }

    /// <summary>Checks the activation at the given points Z (units x examples), with an upstream gradient drawn from <paramref name="seed"/>.</summary>
    public static ActivationCheckReport Run(Activation activation, Matrix<double> inputs, int seed = 0, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Guard.Positive(tolerance);
        var random = new Random(seed);
        int n = inputs.Rows;
        int m = inputs.Columns;
        var upstream = new Matrix<double>(n, m);
        Span<double> dA = upstream.AsSpan();
        for (int i = 0; i < dA.Length; i++)
        {
            dA[i] = (2 * random.NextDouble()) - 1;
        }

        var z = inputs.Clone();
        var a = new Matrix<double>(n, m);
        var analytic = new Matrix<double>(n, m);
        activation.Forward(z, a);
        activation.Backward(z, a, upstream, analytic);

        var numeric = new Matrix<double>(n, m);
        var column = new Matrix<double>(n, 1);
        var columnOutput = new Matrix<double>(n, 1);
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < n; i++)
            {
                inputs.Column(j).CopyTo(column.AsSpan());
                int row = i;
                int example = j;
                double WeightedOutput(double value)
                {
                    column.AsSpan()[row] = value;
                    activation.Forward(column, columnOutput);
                    return System.Numerics.Tensors.TensorPrimitives.Dot<double>(columnOutput.AsSpan(), upstream.Column(example));
                }

                numeric[i, j] = FiniteDifference.Derivative(WeightedOutput, inputs[i, j], GradientCheck.DefaultStep);
            }
        }

        var (maxAbsolute, maxRelative) = GradientCheck.MaxErrors(analytic, numeric);
        return new ActivationCheckReport(activation.Name, inputs.Clone(), analytic, numeric, maxAbsolute, maxRelative, tolerance);
    }
}
