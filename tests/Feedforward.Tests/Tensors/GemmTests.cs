using System.Numerics;
using System.Runtime.Intrinsics;
using Feedforward.Tensors;

namespace Feedforward.Tests.Tensors;

public class GemmTests
{
    // Each product term is rounded once and each of the k additions once, so the error of one
    // element is at most about (k + 2) unit roundoffs times the sum of the terms' magnitudes.
    // The factor 2 leaves room for FMA versus separate rounding and for the beta C term.
    private const double RoundingSlackFactor = 2;

    private const double FloatUnitRoundoff = 5.9604644775390625e-8; // 2^-24

    private const double DoubleUnitRoundoff = 1.1102230246251565e-16; // 2^-53

    private static readonly Transpose[] Transposes = [Transpose.None, Transpose.Transposed];

    public static TheoryData<Transpose, Transpose> TransposeCases()
    {
        var data = new TheoryData<Transpose, Transpose>();
        foreach (Transpose ta in Transposes)
        {
            foreach (Transpose tb in Transposes)
            {
                data.Add(ta, tb);
            }
        }

        return data;
    }

    // The paths this runtime can run at full speed, plus the Vector512 kernel in software
    // emulation when only Vector256 is accelerated, so its logic is checked on every machine.
    private static GemmPath[] FastPaths()
    {
        var paths = new List<GemmPath>();
        if (Vector256.IsHardwareAccelerated)
        {
            paths.Add(GemmPath.Vector256);
        }

        if (Vector512.IsHardwareAccelerated)
        {
            paths.Add(GemmPath.Vector512);
        }

        return [.. paths];
    }

    [Theory]
    [MemberData(nameof(TransposeCases))]
    public void Small_sizes_match_reference(Transpose ta, Transpose tb)
    {
        var random = new Random(1);
        GemmPath[] paths = [GemmKernels.BestPath];
        int checks = 0;
        for (int m = 0; m <= 20; m++)
        {
            for (int n = 0; n <= 20; n++)
            {
                for (int k = 0; k <= 20; k++)
                {
                    double beta = (m + n + k) % 3 == 0 ? 0 : (m + n + k) % 3 == 1 ? 1 : -0.5;
                    foreach (GemmPath path in paths)
                    {
                        Check<float>(random, ta, tb, m, n, k, 1.5, beta, path, threads: 1, views: false);
                        Check<double>(random, ta, tb, m, n, k, -0.75, beta, path, threads: 1, views: false);
                        checks++;
                    }
                }
            }
        }

        Assert.Equal(21 * 21 * 21 * paths.Length, checks);
    }

    [Theory]
    [MemberData(nameof(TransposeCases))]
    public void Other_paths_match_reference_on_small_sizes(Transpose ta, Transpose tb)
    {
        var random = new Random(2);
        var paths = new List<GemmPath> { GemmPath.Scalar };
        paths.AddRange(FastPaths().Where(p => p != GemmKernels.BestPath));
        if (Vector256.IsHardwareAccelerated && !Vector512.IsHardwareAccelerated)
        {
            paths.Add(GemmPath.Vector512);
        }

        int[] sizes = [0, 1, 2, 5, 12, 13, 17, 33];
        foreach (GemmPath path in paths)
        {
            foreach (int m in sizes)
            {
                foreach (int n in sizes)
                {
                    foreach (int k in sizes)
                    {
                        Check<float>(random, ta, tb, m, n, k, 1.25, 0.5, path, threads: 1, views: true);
                        Check<double>(random, ta, tb, m, n, k, 2, 0, path, threads: 1, views: false);
                    }
                }
            }
        }
    }

    public static TheoryData<Transpose, Transpose, int, int, int> BoundaryCases()
    {
        // Vector widths (8, 16, 32 rows), tile widths (4, 6 and 12 columns), depth blocks (KC 256
        // and 384), row blocks (MC 96, 128, 192, 384) and the row-split between two threads, each
        // crossed by -1, 0, +1.
        int[] rowSizes = [31, 32, 33, 63, 64, 65, 95, 97, 127, 129, 191, 193, 383, 385];
        int[] columnSizes = [11, 12, 13, 23, 25, 35, 37, 71, 73];
        int[] depths = [1, 255, 256, 257, 383, 384, 385, 769];
        var data = new TheoryData<Transpose, Transpose, int, int, int>();
        foreach (Transpose ta in Transposes)
        {
            foreach (Transpose tb in Transposes)
            {
                foreach (int m in rowSizes)
                {
                    data.Add(ta, tb, m, 13, 19);
                }

                foreach (int n in columnSizes)
                {
                    data.Add(ta, tb, 17, n, 29);
                    data.Add(ta, tb, 10, n * 3, 33);
                }

                foreach (int k in depths)
                {
                    data.Add(ta, tb, 33, 25, k);
                }

                data.Add(ta, tb, 193, 37, 257);
                data.Add(ta, tb, 385, 13, 70);
                data.Add(ta, tb, 10, 130, 129);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoundaryCases))]
    public void Block_boundaries_match_reference(Transpose ta, Transpose tb, int m, int n, int k)
    {
        var random = new Random(m * 1_000_003 + n * 1009 + k);
        foreach (GemmPath path in FastPaths().Append(GemmPath.Scalar))
        {
            Check<float>(random, ta, tb, m, n, k, 1, 0, path, threads: 1, views: true);
            Check<double>(random, ta, tb, m, n, k, -2, 0.25, path, threads: 1, views: false);
        }
    }

    [Theory]
    [MemberData(nameof(TransposeCases))]
    public void Two_threads_match_reference(Transpose ta, Transpose tb)
    {
        var random = new Random(3);
        foreach (GemmPath path in FastPaths())
        {
            foreach ((int m, int n, int k) in new[] { (1, 1, 1), (10, 70, 40), (65, 40, 300), (200, 13, 257), (400, 9000, 3), (5, 5000, 2), (300, 50, 800), (37, 100, 1000), (20, 4100, 400) })
            {
                Check<float>(random, ta, tb, m, n, k, 0.5, 1, path, threads: -2, views: true);
                Check<double>(random, ta, tb, m, n, k, 1, 0, path, threads: -2, views: true);
            }
        }
    }

    [Fact]
    public void Repeated_two_thread_products_stay_correct()
    {
        // Back-to-back phases are where a worker finishing late could run a unit twice.
        var random = new Random(5);
        Matrix<float> a = RandomMatrix<float>(random, 16, 16);
        Matrix<float> b = RandomMatrix<float>(random, 16, 16);
        var expected = new Matrix<float>(16, 16);
        var c = new Matrix<float>(16, 16);
        GemmKernels.Multiply(Transpose.None, Transpose.None, 16, 16, 16, 1f, a, b, 0f, expected, GemmKernels.BestPath, 1);

        for (int call = 0; call < 20_000; call++)
        {
            GemmKernels.Multiply(Transpose.None, Transpose.None, 16, 16, 16, 1f, a, b, 0f, c, GemmKernels.BestPath, -2);
        }

        Assert.Equal(expected.AsSpan().ToArray(), c.AsSpan().ToArray());
    }

    [Theory]
    [MemberData(nameof(TransposeCases))]
    public void Beta_zero_overwrites_NaN(Transpose ta, Transpose tb)
    {
        foreach (GemmPath path in FastPaths().Append(GemmPath.Scalar))
        {
            foreach ((int m, int n, int k) in new[] { (16, 6, 4), (33, 13, 7), (10, 40, 9), (3, 2, 0) })
            {
                Matrix<float> a = Filled<float>(ta == Transpose.None ? m : k, ta == Transpose.None ? k : m, 1);
                Matrix<float> b = Filled<float>(tb == Transpose.None ? k : n, tb == Transpose.None ? n : k, 2);
                Matrix<float> c = Filled(m, n, float.NaN);

                GemmKernels.Multiply(ta, tb, m, n, k, 1f, a, b, 0f, c, path, 1);

                Assert.All(c.AsSpan().ToArray(), value => Assert.Equal(2f * k, value));
            }
        }
    }

    [Fact]
    public void Alpha_zero_leaves_A_and_B_unread()
    {
        Matrix<double> a = Filled(4, 3, double.NaN);
        Matrix<double> b = Filled(3, 5, double.NaN);
        Matrix<double> c = Filled(4, 5, 2.0);

        Gemm.Multiply(Transpose.None, Transpose.None, 0.0, a, b, 0.5, c);

        Assert.All(c.AsSpan().ToArray(), value => Assert.Equal(1.0, value));
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        var a = new Matrix<float>(3, 4);
        var b = new Matrix<float>(5, 2);
        var c = new Matrix<float>(3, 2);

        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.None, Transpose.None, 1f, a, b, 0f, c));
    }

    [Fact]
    public void MaxThreads_rejects_zero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
    }

    [Fact]
    public void Warm_product_allocates_nothing()
    {
        var random = new Random(4);
        Matrix<float> a = RandomMatrix<float>(random, 300, 200);
        Matrix<float> b = RandomMatrix<float>(random, 200, 64);
        var c = new Matrix<float>(300, 64);
        foreach (int threads in new[] { 1, -2 })
        {
            GemmKernels.Multiply(Transpose.None, Transpose.None, 300, 64, 200, 1f, a, b, 0f, c, GemmKernels.BestPath, threads);

            long before = GC.GetAllocatedBytesForCurrentThread();
            GemmKernels.Multiply(Transpose.None, Transpose.None, 300, 64, 200, 1f, a, b, 0f, c, GemmKernels.BestPath, threads);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
        }
    }

    private static void Check<T>(Random random, Transpose ta, Transpose tb, int m, int n, int k, double alpha, double beta, GemmPath path, int threads, bool views)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> a = Operand<T>(random, ta == Transpose.None ? m : k, ta == Transpose.None ? k : m, views);
        Matrix<T> b = Operand<T>(random, tb == Transpose.None ? k : n, tb == Transpose.None ? n : k, views);
        Matrix<T> c = Operand<T>(random, m, n, views);
        double[,] expected = Reference(ta, tb, m, n, k, alpha, a, b, beta, c, out double[,] magnitude);

        T[] outside = (T[])c.Buffer.Clone();

        GemmKernels.Multiply(ta, tb, m, n, k, T.CreateChecked(alpha), a, b, T.CreateChecked(beta), c, path, threads);

        for (int index = 0; index < outside.Length; index++)
        {
            if ((index < c.Offset || index >= c.Offset + c.Length) && !outside[index].Equals(c.Buffer[index]))
            {
                Assert.Fail($"{typeof(T).Name} {path} m={m} n={n} k={k}: element {index} outside the view of C was overwritten");
            }
        }


        double unitRoundoff = typeof(T) == typeof(float) ? FloatUnitRoundoff : DoubleUnitRoundoff;
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                double tolerance = RoundingSlackFactor * (k + 2) * unitRoundoff * magnitude[i, j];
                double actual = double.CreateChecked(c[i, j]);
                if (Math.Abs(actual - expected[i, j]) > tolerance)
                {
                    Assert.Fail(
                        $"{typeof(T).Name} {path} threads {threads} op {ta},{tb} m={m} n={n} k={k} alpha={alpha} beta={beta}: " +
                        $"C({i},{j}) = {actual}, expected {expected[i, j]} within {tolerance}");
                }
            }
        }
    }

    // The plain triple loop, in double, with BLAS's rule that beta = 0 ignores C. Also returns the
    // sum of the magnitudes of all terms of each element, which scales the tolerance.
    private static double[,] Reference<T>(Transpose ta, Transpose tb, int m, int n, int k, double alpha, Matrix<T> a, Matrix<T> b, double beta, Matrix<T> c, out double[,] magnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[m, n];
        magnitude = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                double size = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateChecked(ta == Transpose.None ? a[i, p] : a[p, i]);
                    double y = double.CreateChecked(tb == Transpose.None ? b[p, j] : b[j, p]);
                    sum += x * y;
                    size += Math.Abs(x * y);
                }

                double old = beta == 0 ? 0 : double.CreateChecked(c[i, j]);
                result[i, j] = (alpha * sum) + (beta * old);
                magnitude[i, j] = (Math.Abs(alpha) * size) + Math.Abs(beta * old) + double.Epsilon;
            }
        }

        return result;
    }

    // With views, the operand is a column range in the middle of a wider matrix, so it has a
    // nonzero offset and neighbours that a wrong index would read or overwrite.
    private static Matrix<T> Operand<T>(Random random, int rows, int columns, bool views)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!views)
        {
            return RandomMatrix<T>(random, rows, columns);
        }

        Matrix<T> whole = RandomMatrix<T>(random, rows, columns + 3);
        return whole.ColumnRange(2, columns);
    }

    private static Matrix<T> RandomMatrix<T>(Random random, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var matrix = new Matrix<T>(rows, columns);
        Span<T> values = matrix.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked((random.NextDouble() * 2) - 1);
        }

        return matrix;
    }

    private static Matrix<T> Filled<T>(int rows, int columns, T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var matrix = new Matrix<T>(rows, columns);
        matrix.AsSpan().Fill(value);
        return matrix;
    }
}
