using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using static Feedforward.Tensors.BlockMath;

namespace Feedforward.Tensors;

/// <summary>The instruction sets a product can run on.</summary>
internal enum GemmPath
{
    /// <summary>Plain loops, for machines (or runtimes) without SIMD and for element types other than float and double.</summary>
    Scalar,

    /// <summary>Packed panels and a 256-bit FMA micro-kernel (AVX2, or Arm's 128-bit pairs through Vector256).</summary>
    Vector256,

    /// <summary>Packed panels and a 512-bit FMA micro-kernel (AVX-512).</summary>
    Vector512,
}

/// <summary>
/// The engine behind <see cref="Gemm.Multiply{T}"/> once shapes are checked: it picks the
/// instruction set, the orientation and the thread count, then runs the blocked driver.
/// </summary>
internal static class GemmKernels
{
    // A product gets one thread per this many flops (2 m n k), so a second thread from 2^21
    // (2.1 Mflop). On a 2-core Zen 3 class EPYC, before small products ran as row slices, two
    // threads tied with one at 96^3 (1.8 Mflop), and the second thread started at 4.2 Mflop.
    // With row slices, two threads ran 128 x 32 x 256 (2.1 Mflop) at 96 to 107 GFLOP/s
    // against 64 to 72 on one, so the limit moved down by half.
    // NOTE: of the products between 2.1 and 4.2 Mflop, only 128 x 32 x 256 was timed on its own.
    // The limit also rests on training at batch 32, which scaled better with it.
    private const double MinParallelFlops = 1 << 20;

    /// <summary>The fastest path this machine and runtime support.</summary>
    public static GemmPath BestPath { get; } =
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : GemmPath.Scalar;

    public static void Multiply<T>(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Multiply(transposeA, transposeB, m, n, k, alpha, a, b, beta, c, BestPath, Parallelism.AvailableThreads);

    /// <summary>
    /// Computes C = alpha op(A) op(B) + beta C on <paramref name="path"/> with at most
    /// <paramref name="maxThreads"/> threads; a negative value forces -maxThreads threads whatever
    /// the size (tests use it to run the parallel code on small products).
    /// </summary>
    internal static void Multiply<T>(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c, GemmPath path, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        // As in BLAS, alpha = 0 or k = 0 leaves A and B unread.
        if (k == 0 || alpha == T.Zero)
        {
            ScaleOutput(beta, c);
            return;
        }

        bool simdType = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        if (simdType && path != GemmPath.Scalar && n == 1 && transposeA == Transpose.None)
        {
            MultiplyMatrixVector(transposeB, m, k, alpha, a, b, beta, c);
        }
        else if (simdType && path == GemmPath.Vector512)
        {
            bool swapped = PreferSwapped<T, Vector512Kernel<T>>(m, n);
            MultiplyPacked<T, Vector512Kernel<T>>(transposeA, transposeB, m, n, k, alpha, a, b, beta, c, swapped, maxThreads);
        }
        else if (simdType && path == GemmPath.Vector256)
        {
            // The narrow kernel takes over when 6-column tiles would pad the computed product's
            // columns (m when swapped) by 5 % more than 4-column tiles, as at batch 32.
            bool swapped = PreferSwapped<T, Vector256Kernel<T>>(m, n);
            int columns = swapped ? m : n;
            if (Ceiling(columns, 6) * 6 > Ceiling(columns, 4) * 4 * 1.05)
            {
                MultiplyPacked<T, Vector256NarrowKernel<T>>(transposeA, transposeB, m, n, k, alpha, a, b, beta, c, swapped, maxThreads);
            }
            else
            {
                MultiplyPacked<T, Vector256Kernel<T>>(transposeA, transposeB, m, n, k, alpha, a, b, beta, c, swapped, maxThreads);
            }
        }
        else
        {
            MultiplyScalar(transposeA, transposeB, m, n, k, alpha, a, b, beta, c);
        }
    }

    private static unsafe void MultiplyPacked<T, TKernel>(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c, bool swapped, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : IMicroKernel<T>
    {
        fixed (T* pa = a.Buffer, pb = b.Buffer, pc = c.Buffer)
        {
            var o = new GemmOperands<T>
            {
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                Beta = beta,
                A = pa + a.Offset,
                B = pb + b.Offset,
                C = pc + c.Offset,
                RowStrideA = transposeA == Transpose.None ? 1 : a.Rows,
                ColumnStrideA = transposeA == Transpose.None ? a.Rows : 1,
                RowStrideB = transposeB == Transpose.None ? 1 : b.Rows,
                ColumnStrideB = transposeB == Transpose.None ? b.Rows : 1,
                RowStrideC = 1,
                ColumnStrideC = c.Rows,
            };

            if (swapped)
            {
                o = Swap(o);
            }

            int threads = maxThreads < 0 ? -maxThreads : ChooseThreads<T, TKernel>(o.M, o.N, o.K, maxThreads);
            o.PackedB = PackBuffers<T>.ForCurrentThread.B.Ensure(GemmDriver<T, TKernel>.PackedBLength(o.N, o.K));

            if (threads > 1 && WorkerPool.TryAcquire())
            {
                try
                {
                    if (GemmRowSlices<T, TKernel>.Suits(o.M, o.N, o.K))
                    {
                        GemmRowSlices<T, TKernel>.Run(in o, threads);
                    }
                    else
                    {
                        GemmDriver<T, TKernel>.Run(in o, threads);
                    }
                }
                finally
                {
                    WorkerPool.Release();
                }
            }
            else
            {
                GemmDriver<T, TKernel>.Run(in o, 1);
            }
        }
    }

    // With few rows (a 10-unit output layer) most of each MR-row tile would be padding. Computing
    // C^T = op(B)^T op(A)^T instead puts the long dimension along the vectors. Its tiles are
    // written back element by element, since C^T's columns are C's rows, so it must save at
    // least a fifth of the tiles to pay.
    private static bool PreferSwapped<T, TKernel>(int m, int n)
        where T : unmanaged
        where TKernel : IMicroKernel<T>
    {
        long normalTiles = (long)Ceiling(m, TKernel.Rows) * Ceiling(n, TKernel.Columns);
        long swappedTiles = (long)Ceiling(n, TKernel.Rows) * Ceiling(m, TKernel.Columns);
        return swappedTiles * 5 < normalTiles * 4;
    }

    private static unsafe GemmOperands<T> Swap<T>(GemmOperands<T> o)
        where T : unmanaged
    {
        return new GemmOperands<T>
        {
            M = o.N,
            N = o.M,
            K = o.K,
            Alpha = o.Alpha,
            Beta = o.Beta,
            A = o.B,
            RowStrideA = o.ColumnStrideB,
            ColumnStrideA = o.RowStrideB,
            B = o.A,
            RowStrideB = o.ColumnStrideA,
            ColumnStrideB = o.RowStrideA,
            C = o.C,
            RowStrideC = o.ColumnStrideC,
            ColumnStrideC = o.RowStrideC,
        };
    }

    // Threads split the rows of C in whole MR-row panels, so more threads than panels would idle.
    private static int ChooseThreads<T, TKernel>(int m, int n, int k, int maxThreads)
        where T : unmanaged
        where TKernel : IMicroKernel<T>
    {
        double flops = 2.0 * m * n * k;
        int byWork = (int)Math.Min(maxThreads, flops / MinParallelFlops);
        int byRows = Ceiling(m, TKernel.Rows);
        return Math.Max(1, Math.Min(byWork, byRows));
    }

    private static void MultiplyScalar<T>(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> sa = a.AsSpan();
        Span<T> sb = b.AsSpan();
        Span<T> sc = c.AsSpan();
        int rowStrideA = transposeA == Transpose.None ? 1 : a.Rows;
        int columnStrideA = transposeA == Transpose.None ? a.Rows : 1;
        int rowStrideB = transposeB == Transpose.None ? 1 : b.Rows;
        int columnStrideB = transposeB == Transpose.None ? b.Rows : 1;
        int ldc = c.Rows;

        for (int j = 0; j < n; j++)
        {
            Span<T> column = sc.Slice(j * ldc, m);
            if (beta == T.Zero)
            {
                column.Clear();
            }
            else if (beta != T.One)
            {
                for (int i = 0; i < m; i++)
                {
                    column[i] *= beta;
                }
            }

            // C(:, j) += (alpha op(B)(p, j)) op(A)(:, p): an AXPY per step of k.
            for (int p = 0; p < k; p++)
            {
                T scale = alpha * sb[(p * rowStrideB) + (j * columnStrideB)];
                int start = p * columnStrideA;
                for (int i = 0; i < m; i++)
                {
                    column[i] += scale * sa[start + (i * rowStrideA)];
                }
            }
        }
    }

    // A single output column (the forward pass of one example) reads each element of A once,
    // so packing A into panels would cost as much as the product. Column-major A makes
    // C = beta C + alpha A b a sum of contiguous AXPYs, one per element of b.
    private static void MultiplyMatrixVector<T>(Transpose transposeB, int m, int k, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScaleOutput(beta, c);
        Span<T> column = c.AsSpan();
        for (int p = 0; p < k; p++)
        {
            T scale = alpha * (transposeB == Transpose.None ? b[p, 0] : b[0, p]);
            TensorPrimitives.MultiplyAdd(a.Buffer.AsSpan(a.Offset + (p * m), m), scale, column, column);
        }
    }

    private static void ScaleOutput<T>(T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.Zero)
        {
            c.AsSpan().Clear();
        }
        else if (beta != T.One)
        {
            TensorPrimitives.Multiply(c.AsSpan(), beta, c.AsSpan());
        }
    }
}
