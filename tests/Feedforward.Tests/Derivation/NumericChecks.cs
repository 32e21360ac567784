using Feedforward.Tensors;

namespace Feedforward.Tests.Derivation;

/// <summary>Independent reference computations for the equation tests: finite differences and naive loops.</summary>
internal static class NumericChecks
{
    /// <summary>
    /// Step of the central difference. With double precision the truncation error (about h²)
    /// and the rounding error (about 1e-16 / h) are both near 1e-10 at this step.
    /// </summary>
    public const double Step = 1e-5;

    /// <summary>Returns (f(x + h) - f(x - h)) / 2h, restoring <paramref name="values"/>[index] afterwards.</summary>
    public static double CentralDifference(Span<double> values, int index, Func<double> function)
    {
        double original = values[index];
        values[index] = original + Step;
        double above = function();
        values[index] = original - Step;
        double below = function();
        values[index] = original;
        return (above - below) / (2 * Step);
    }

    /// <summary>Returns op(a) op(b) by the textbook triple loop.</summary>
    public static Matrix<double> NaiveProduct(Matrix<double> a, bool transposeA, Matrix<double> b, bool transposeB)
    {
        int rows = transposeA ? a.Columns : a.Rows;
        int inner = transposeA ? a.Rows : a.Columns;
        int columns = transposeB ? b.Rows : b.Columns;
        var result = new Matrix<double>(rows, columns);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double sum = 0;
                for (int s = 0; s < inner; s++)
                {
                    double left = transposeA ? a[s, r] : a[r, s];
                    double right = transposeB ? b[c, s] : b[s, c];
                    sum += left * right;
                }

                result[r, c] = sum;
            }
        }

        return result;
    }

    /// <summary>Returns a single-column matrix holding <paramref name="values"/>.</summary>
    public static Matrix<double> Column(params double[] values) => new(values, values.Length, 1);

    /// <summary>Asserts that two matrices have the same shape and agree element by element within <paramref name="tolerance"/>.</summary>
    public static void AssertClose(Matrix<double> expected, Matrix<double> actual, double tolerance, string description)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int j = 0; j < expected.Columns; j++)
        {
            for (int i = 0; i < expected.Rows; i++)
            {
                double difference = Math.Abs(expected[i, j] - actual[i, j]);
                Assert.True(
                    difference <= tolerance,
                    $"{description} ({i}, {j}): expected {expected[i, j]:R}, got {actual[i, j]:R}, difference {difference:E2} > {tolerance:E0}");
            }
        }
    }

    /// <summary>Asserts that a gradient agrees with its finite-difference estimate within <paramref name="relativeTolerance"/>.</summary>
    public static void AssertGradientClose(double numeric, double analytic, double relativeTolerance, string description)
    {
        // Below 1 the comparison is absolute: finite differences of a gradient near 0 carry
        // an absolute error of about 1e-10, which would make a relative error meaningless.
        double error = Math.Abs(numeric - analytic) / Math.Max(1, Math.Max(Math.Abs(numeric), Math.Abs(analytic)));
        Assert.True(
            error <= relativeTolerance,
            $"{description}: finite differences give {numeric:R}, the equation gives {analytic:R}, relative error {error:E2} > {relativeTolerance:E0}");
    }
}
