using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Feedforward.Tensors;

/// <summary>
/// A register-blocked GEMM micro-kernel: it multiplies a packed panel of A (Rows values per step
/// of k) by a packed panel of B (Columns values per step of k) and writes the Rows x Columns tile
/// C = alpha A B + beta C. Implemented by structs so the driver is compiled once per kernel with
/// the sizes as constants.
/// </summary>
internal interface IMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of C per tile (MR): the panel height of packed A.</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of C per tile (NR): the panel width of packed B.</summary>
    static abstract int Columns { get; }

    /// <summary>Depth of one packed block along k (KC).</summary>
    static abstract int Depth { get; }

    /// <summary>Rows of op(A) packed at once (MC), a multiple of <see cref="Rows"/>.</summary>
    static abstract int RowBlock { get; }

    /// <summary>Columns of op(B) packed at once (NC), a multiple of <see cref="Columns"/>.</summary>
    static abstract int ColumnBlock { get; }

    /// <summary>
    /// Computes the tile over <paramref name="depth"/> steps of k. Element (i, j) of the tile is at
    /// <c>c[i * rowStride + j * columnStride]</c>; only the first <paramref name="rows"/> x
    /// <paramref name="columns"/> elements are written. <paramref name="scratch"/> has room for
    /// Rows x Columns values for edge tiles.
    /// </summary>
    static abstract unsafe void Run(int depth, T* a, T* b, T* c, nint rowStride, nint columnStride, int rows, int columns, T alpha, T beta, T* scratch);
}

/// <summary>The write-back of a tile that is partial or whose rows are not contiguous in C.</summary>
internal static class MicroTile
{
    /// <summary>
    /// Writes C = alpha tile + beta C for the first rows x columns of a tile stored column by
    /// column with <paramref name="tileRows"/> values per column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Update<T>(T* tile, int tileRows, T* c, nint rowStride, nint columnStride, int rows, int columns, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < columns; j++)
        {
            T* source = tile + j * tileRows;
            T* target = c + j * columnStride;
            if (beta == T.Zero)
            {
                for (int i = 0; i < rows; i++)
                {
                    target[i * rowStride] = alpha * source[i];
                }
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    target[i * rowStride] = alpha * source[i] + beta * target[i * rowStride];
                }
            }
        }
    }
    /// <summary>
    /// Writes C = alpha tile + beta C for 8 full rows of a float tile whose columns
    /// <paramref name="v0"/> to <paramref name="v5"/> contain one value per row, when C's rows are
    /// contiguous (column stride 1), as in the swapped product C^T. An 8x8 transpose in registers
    /// turns the columns into rows, which replaces 8 x columns strided scalar stores with one
    /// 4-value store and, for 6 columns, one 2-value store per row. Only 4 or 6 columns are
    /// handled, and the columns past <paramref name="columns"/> must be zero vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void UpdateTransposed(float* c, nint rowStride, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3, Vector256<float> v4, Vector256<float> v5, int columns, float alpha, float beta)
    {
        Debug.Assert(columns is 4 or 6, "only 4 or 6 columns are written");
        Vector256<float> zero = Vector256<float>.Zero;
        Vector256<float> t0 = Avx.UnpackLow(v0, v1);
        Vector256<float> t1 = Avx.UnpackHigh(v0, v1);
        Vector256<float> t2 = Avx.UnpackLow(v2, v3);
        Vector256<float> t3 = Avx.UnpackHigh(v2, v3);
        Vector256<float> t4 = Avx.UnpackLow(v4, v5);
        Vector256<float> t5 = Avx.UnpackHigh(v4, v5);

        // After the permutes, vector i contains row i's values in lanes 0 to 5, and zeros in lanes 6 and 7.
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, zero, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, zero, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, zero, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, zero, 0xEE);

        Vector256<float> va = Vector256.Create(alpha);
        Vector256<float> vb = Vector256.Create(beta);
        UpdateRow(c, Avx.Permute2x128(u0, u4, 0x20), columns, va, vb, beta);
        UpdateRow(c + rowStride, Avx.Permute2x128(u1, u5, 0x20), columns, va, vb, beta);
        UpdateRow(c + (2 * rowStride), Avx.Permute2x128(u2, u6, 0x20), columns, va, vb, beta);
        UpdateRow(c + (3 * rowStride), Avx.Permute2x128(u3, u7, 0x20), columns, va, vb, beta);
        UpdateRow(c + (4 * rowStride), Avx.Permute2x128(u0, u4, 0x31), columns, va, vb, beta);
        UpdateRow(c + (5 * rowStride), Avx.Permute2x128(u1, u5, 0x31), columns, va, vb, beta);
        UpdateRow(c + (6 * rowStride), Avx.Permute2x128(u2, u6, 0x31), columns, va, vb, beta);
        UpdateRow(c + (7 * rowStride), Avx.Permute2x128(u3, u7, 0x31), columns, va, vb, beta);
    }

    // beta = 0 must not read C, so NaN or infinity left in C does not reach the result (BLAS semantics).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void UpdateRow(float* c, Vector256<float> row, int columns, Vector256<float> alpha, Vector256<float> beta, float betaScalar)
    {
        Vector256<float> value = row * alpha;
        if (betaScalar != 0f)
        {
            Vector128<float> old = Vector128.Load(c);
            Vector128<float> oldUpper = columns == 6 ? Sse2.LoadScalarVector128((double*)(c + 4)).AsSingle() : Vector128<float>.Zero;
            value = Fma.MultiplyAdd(Vector256.Create(old, oldUpper), beta, value);
        }

        value.GetLower().Store(c);
        if (columns == 6)
        {
            Sse2.StoreScalar((double*)(c + 4), value.GetUpper().AsDouble());
        }
    }
}

/// <summary>
/// The AVX2/FMA micro-kernel: a tile of 16 (float) or 8 (double) rows
/// (two Vector256s) by 6 columns of C, kept in 12
/// accumulator registers: with two A vectors and one broadcast B value that is 15 of the 16 ymm registers.
/// </summary>
internal readonly struct Vector256Kernel<T> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Rows => 2 * Vector256<T>.Count;

    public static int Columns => 6;

    // Block sizes for an AMD EPYC (Zen 3 class, 32 KiB L1d, 512 KiB L2 per core). A KC x 6 panel
    // of B (9 KiB float) stays in L1 while A streams from L2. An MC x KC block of A (192 KiB
    // float) fills under half of L2, leaving room for C and the next B panel. For float, KC 384
    // with MC 128 beat KC 256 with MC 192 or 96 by a few percent in the bench (fewer passes
    // over C). NOTE: the double sizes keep the same bytes per block but are not measured.
    public static int Depth => typeof(T) == typeof(float) ? 384 : 256;

    public static int RowBlock => typeof(T) == typeof(float) ? 128 : 96;

    public static int ColumnBlock => 4092;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int depth, T* a, T* b, T* c, nint rowStride, nint columnStride, int rows, int columns, T alpha, T beta, T* scratch)
    {
        int count = Vector256<T>.Count;
        Vector256<T> c00 = Vector256<T>.Zero;
        Vector256<T> c10 = Vector256<T>.Zero;
        Vector256<T> c01 = Vector256<T>.Zero;
        Vector256<T> c11 = Vector256<T>.Zero;
        Vector256<T> c02 = Vector256<T>.Zero;
        Vector256<T> c12 = Vector256<T>.Zero;
        Vector256<T> c03 = Vector256<T>.Zero;
        Vector256<T> c13 = Vector256<T>.Zero;
        Vector256<T> c04 = Vector256<T>.Zero;
        Vector256<T> c14 = Vector256<T>.Zero;
        Vector256<T> c05 = Vector256<T>.Zero;
        Vector256<T> c15 = Vector256<T>.Zero;

        PrefetchTile(c, rowStride, columnStride, columns);

        // Unrolled four steps of k at a time, so the pointer updates and the loop test are
        // spread over 4x as many FMAs.
        int p = 0;
        for (; p + 4 <= depth; p += 4)
        {
            {
                Vector256<T> a0 = Vector256.Load(a);
                Vector256<T> a1 = Vector256.Load(a + count);
                Vector256<T> b0 = Vector256.Create(b[0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector256<T> b4 = Vector256.Create(b[4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector256<T> b5 = Vector256.Create(b[5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
            }

            {
                Vector256<T> a0 = Vector256.Load(a + 2 * count);
                Vector256<T> a1 = Vector256.Load(a + 3 * count);
                Vector256<T> b0 = Vector256.Create(b[Columns + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[Columns + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[Columns + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[Columns + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector256<T> b4 = Vector256.Create(b[Columns + 4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector256<T> b5 = Vector256.Create(b[Columns + 5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
            }

            {
                Vector256<T> a0 = Vector256.Load(a + 4 * count);
                Vector256<T> a1 = Vector256.Load(a + 5 * count);
                Vector256<T> b0 = Vector256.Create(b[(2 * Columns) + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[(2 * Columns) + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[(2 * Columns) + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[(2 * Columns) + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector256<T> b4 = Vector256.Create(b[(2 * Columns) + 4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector256<T> b5 = Vector256.Create(b[(2 * Columns) + 5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
            }

            {
                Vector256<T> a0 = Vector256.Load(a + 6 * count);
                Vector256<T> a1 = Vector256.Load(a + 7 * count);
                Vector256<T> b0 = Vector256.Create(b[(3 * Columns) + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[(3 * Columns) + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[(3 * Columns) + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[(3 * Columns) + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector256<T> b4 = Vector256.Create(b[(3 * Columns) + 4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector256<T> b5 = Vector256.Create(b[(3 * Columns) + 5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
            }

            a += 8 * count;
            b += 4 * Columns;
        }

        for (; p < depth; p++)
        {
            Vector256<T> a0 = Vector256.Load(a);
            Vector256<T> a1 = Vector256.Load(a + count);
            Vector256<T> b0 = Vector256.Create(b[0]);
            c00 = MultiplyAdd(a0, b0, c00);
            c10 = MultiplyAdd(a1, b0, c10);
            Vector256<T> b1 = Vector256.Create(b[1]);
            c01 = MultiplyAdd(a0, b1, c01);
            c11 = MultiplyAdd(a1, b1, c11);
            Vector256<T> b2 = Vector256.Create(b[2]);
            c02 = MultiplyAdd(a0, b2, c02);
            c12 = MultiplyAdd(a1, b2, c12);
            Vector256<T> b3 = Vector256.Create(b[3]);
            c03 = MultiplyAdd(a0, b3, c03);
            c13 = MultiplyAdd(a1, b3, c13);
            Vector256<T> b4 = Vector256.Create(b[4]);
            c04 = MultiplyAdd(a0, b4, c04);
            c14 = MultiplyAdd(a1, b4, c14);
            Vector256<T> b5 = Vector256.Create(b[5]);
            c05 = MultiplyAdd(a0, b5, c05);
            c15 = MultiplyAdd(a1, b5, c15);
            a += 2 * count;
            b += Columns;
        }

        if (rows == Rows && rowStride == 1)
        {
            Vector256<T> va = Vector256.Create(alpha);
            Vector256<T> vb = Vector256.Create(beta);
            Store(c, c00, c10, count, va, vb, beta);
            if (columns > 1)
            {
                Store(c + 1 * columnStride, c01, c11, count, va, vb, beta);
            }

            if (columns > 2)
            {
                Store(c + 2 * columnStride, c02, c12, count, va, vb, beta);
            }

            if (columns > 3)
            {
                Store(c + 3 * columnStride, c03, c13, count, va, vb, beta);
            }

            if (columns > 4)
            {
                Store(c + 4 * columnStride, c04, c14, count, va, vb, beta);
            }

            if (columns > 5)
            {
                Store(c + 5 * columnStride, c05, c15, count, va, vb, beta);
            }
        }
        else if (typeof(T) == typeof(float) && Fma.IsSupported && columnStride == 1 && rows == Rows && columns is 4 or 6)
        {
            // In the swapped product C^T each tile row is contiguous in memory, so transposing
            // the column accumulators in registers lets each row be written with vector stores.
            float alphaSingle = Unsafe.As<T, float>(ref alpha);
            float betaSingle = Unsafe.As<T, float>(ref beta);
            MicroTile.UpdateTransposed((float*)c, rowStride, c00.AsSingle(), c01.AsSingle(), c02.AsSingle(), c03.AsSingle(), c04.AsSingle(), c05.AsSingle(), columns, alphaSingle, betaSingle);
            MicroTile.UpdateTransposed((float*)c + (count * rowStride), rowStride, c10.AsSingle(), c11.AsSingle(), c12.AsSingle(), c13.AsSingle(), c14.AsSingle(), c15.AsSingle(), columns, alphaSingle, betaSingle);
        }
        else
        {
            c00.Store(scratch + 0 * count);
            c10.Store(scratch + 1 * count);
            c01.Store(scratch + 2 * count);
            c11.Store(scratch + 3 * count);
            c02.Store(scratch + 4 * count);
            c12.Store(scratch + 5 * count);
            c03.Store(scratch + 6 * count);
            c13.Store(scratch + 7 * count);
            c04.Store(scratch + 8 * count);
            c14.Store(scratch + 9 * count);
            c05.Store(scratch + 10 * count);
            c15.Store(scratch + 11 * count);
            MicroTile.Update(scratch, Rows, c, rowStride, columnStride, rows, columns, alpha, beta);
        }
    }

    // C is written once per KC steps, far apart in memory (a column stride between tile
    // columns), so its lines would miss in cache at the end of the kernel. Asking for them before
    // the k loop hides that latency behind the FMAs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile(T* c, nint rowStride, nint columnStride, int columns)
    {
        if (Sse.IsSupported && rowStride == 1)
        {
            for (int j = 0; j < columns; j++)
            {
                Sse.Prefetch0(c + (j * columnStride));
                Sse.Prefetch0(c + (j * columnStride) + Rows - 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
    }

    // beta = 0 must not read C, so NaN or infinity left in C does not reach the result (BLAS semantics).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(T* c, Vector256<T> upper, Vector256<T> lower, int count, Vector256<T> alpha, Vector256<T> beta, T betaScalar)
    {
        if (betaScalar == T.Zero)
        {
            (upper * alpha).Store(c);
            (lower * alpha).Store(c + count);
        }
        else
        {
            MultiplyAdd(Vector256.Load(c), beta, upper * alpha).Store(c);
            MultiplyAdd(Vector256.Load(c + count), beta, lower * alpha).Store(c + count);
        }
    }
}


/// <summary>
/// The narrow AVX2/FMA micro-kernel: 16 (float) or 8 (double) rows by 4 columns, in 8
/// accumulator registers. It does less work per load than <see cref="Vector256Kernel{T}"/>, but
/// fits column counts that are multiples of 4 (batch sizes) where 6 would leave a mostly empty
/// last tile.
/// </summary>
internal readonly struct Vector256NarrowKernel<T> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Rows => 2 * Vector256<T>.Count;

    public static int Columns => 4;

    // The same blocking as Vector256Kernel; the narrower B panel only leaves more room in L1.
    public static int Depth => Vector256Kernel<T>.Depth;

    public static int RowBlock => Vector256Kernel<T>.RowBlock;

    public static int ColumnBlock => 4092;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int depth, T* a, T* b, T* c, nint rowStride, nint columnStride, int rows, int columns, T alpha, T beta, T* scratch)
    {
        int count = Vector256<T>.Count;
        Vector256<T> c00 = Vector256<T>.Zero;
        Vector256<T> c10 = Vector256<T>.Zero;
        Vector256<T> c01 = Vector256<T>.Zero;
        Vector256<T> c11 = Vector256<T>.Zero;
        Vector256<T> c02 = Vector256<T>.Zero;
        Vector256<T> c12 = Vector256<T>.Zero;
        Vector256<T> c03 = Vector256<T>.Zero;
        Vector256<T> c13 = Vector256<T>.Zero;

        PrefetchTile(c, rowStride, columnStride, columns);

        // Unrolled four steps of k at a time, so the pointer updates and the loop test are
        // spread over 4x as many FMAs.
        int p = 0;
        for (; p + 4 <= depth; p += 4)
        {
            {
                Vector256<T> a0 = Vector256.Load(a);
                Vector256<T> a1 = Vector256.Load(a + count);
                Vector256<T> b0 = Vector256.Create(b[0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
            }

            {
                Vector256<T> a0 = Vector256.Load(a + 2 * count);
                Vector256<T> a1 = Vector256.Load(a + 3 * count);
                Vector256<T> b0 = Vector256.Create(b[Columns + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[Columns + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[Columns + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[Columns + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
            }

            {
                Vector256<T> a0 = Vector256.Load(a + 4 * count);
                Vector256<T> a1 = Vector256.Load(a + 5 * count);
                Vector256<T> b0 = Vector256.Create(b[(2 * Columns) + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[(2 * Columns) + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[(2 * Columns) + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[(2 * Columns) + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
            }

            {
                Vector256<T> a0 = Vector256.Load(a + 6 * count);
                Vector256<T> a1 = Vector256.Load(a + 7 * count);
                Vector256<T> b0 = Vector256.Create(b[(3 * Columns) + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector256<T> b1 = Vector256.Create(b[(3 * Columns) + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector256<T> b2 = Vector256.Create(b[(3 * Columns) + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector256<T> b3 = Vector256.Create(b[(3 * Columns) + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
            }

            a += 8 * count;
            b += 4 * Columns;
        }

        for (; p < depth; p++)
        {
            Vector256<T> a0 = Vector256.Load(a);
            Vector256<T> a1 = Vector256.Load(a + count);
            Vector256<T> b0 = Vector256.Create(b[0]);
            c00 = MultiplyAdd(a0, b0, c00);
            c10 = MultiplyAdd(a1, b0, c10);
            Vector256<T> b1 = Vector256.Create(b[1]);
            c01 = MultiplyAdd(a0, b1, c01);
            c11 = MultiplyAdd(a1, b1, c11);
            Vector256<T> b2 = Vector256.Create(b[2]);
            c02 = MultiplyAdd(a0, b2, c02);
            c12 = MultiplyAdd(a1, b2, c12);
            Vector256<T> b3 = Vector256.Create(b[3]);
            c03 = MultiplyAdd(a0, b3, c03);
            c13 = MultiplyAdd(a1, b3, c13);
            a += 2 * count;
            b += Columns;
        }

        if (rows == Rows && rowStride == 1)
        {
            Vector256<T> va = Vector256.Create(alpha);
            Vector256<T> vb = Vector256.Create(beta);
            Store(c, c00, c10, count, va, vb, beta);
            if (columns > 1)
            {
                Store(c + 1 * columnStride, c01, c11, count, va, vb, beta);
            }

            if (columns > 2)
            {
                Store(c + 2 * columnStride, c02, c12, count, va, vb, beta);
            }

            if (columns > 3)
            {
                Store(c + 3 * columnStride, c03, c13, count, va, vb, beta);
            }


        }
        else if (typeof(T) == typeof(float) && Fma.IsSupported && columnStride == 1 && rows == Rows && columns == 4)
        {
            float alphaSingle = Unsafe.As<T, float>(ref alpha);
            float betaSingle = Unsafe.As<T, float>(ref beta);
            Vector256<float> zero = Vector256<float>.Zero;
            MicroTile.UpdateTransposed((float*)c, rowStride, c00.AsSingle(), c01.AsSingle(), c02.AsSingle(), c03.AsSingle(), zero, zero, columns, alphaSingle, betaSingle);
            MicroTile.UpdateTransposed((float*)c + (count * rowStride), rowStride, c10.AsSingle(), c11.AsSingle(), c12.AsSingle(), c13.AsSingle(), zero, zero, columns, alphaSingle, betaSingle);
        }
        else
        {
            c00.Store(scratch + 0 * count);
            c10.Store(scratch + 1 * count);
            c01.Store(scratch + 2 * count);
            c11.Store(scratch + 3 * count);
            c02.Store(scratch + 4 * count);
            c12.Store(scratch + 5 * count);
            c03.Store(scratch + 6 * count);
            c13.Store(scratch + 7 * count);
            MicroTile.Update(scratch, Rows, c, rowStride, columnStride, rows, columns, alpha, beta);
        }
    }

    // C is written once per KC steps, far apart in memory (a column stride between tile
    // columns), so its lines would miss in cache at the end of the kernel. Asking for them before
    // the k loop hides that latency behind the FMAs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile(T* c, nint rowStride, nint columnStride, int columns)
    {
        if (Sse.IsSupported && rowStride == 1)
        {
            for (int j = 0; j < columns; j++)
            {
                Sse.Prefetch0(c + (j * columnStride));
                Sse.Prefetch0(c + (j * columnStride) + Rows - 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
    }

    // beta = 0 must not read C, so NaN or infinity left in C does not reach the result (BLAS semantics).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(T* c, Vector256<T> upper, Vector256<T> lower, int count, Vector256<T> alpha, Vector256<T> beta, T betaScalar)
    {
        if (betaScalar == T.Zero)
        {
            (upper * alpha).Store(c);
            (lower * alpha).Store(c + count);
        }
        else
        {
            MultiplyAdd(Vector256.Load(c), beta, upper * alpha).Store(c);
            MultiplyAdd(Vector256.Load(c + count), beta, lower * alpha).Store(c + count);
        }
    }
}


/// <summary>
/// The AVX-512 micro-kernel: a tile of 32 (float) or 16 (double) rows
/// (two Vector512s) by 12 columns of C, kept in 24
/// accumulator registers: with two A vectors and one broadcast B value that is 27 of the 32 zmm registers.
/// </summary>
internal readonly struct Vector512Kernel<T> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Rows => 2 * Vector512<T>.Count;

    public static int Columns => 12;

    // NOTE: these sizes are estimates for Zen 4/5 class caches (48 KiB L1d, 1 MiB L2). The machine
    // this was written on has no AVX-512, so they are not tuned by measurement. A KC x 12 panel
    // of B (12 KiB float) stays in L1, and an MC x KC block of A (384 KiB float) fits in L2.
    public static int Depth => 256;

    public static int RowBlock => typeof(T) == typeof(float) ? 384 : 192;

    public static int ColumnBlock => 4092;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int depth, T* a, T* b, T* c, nint rowStride, nint columnStride, int rows, int columns, T alpha, T beta, T* scratch)
    {
        int count = Vector512<T>.Count;
        Vector512<T> c00 = Vector512<T>.Zero;
        Vector512<T> c10 = Vector512<T>.Zero;
        Vector512<T> c01 = Vector512<T>.Zero;
        Vector512<T> c11 = Vector512<T>.Zero;
        Vector512<T> c02 = Vector512<T>.Zero;
        Vector512<T> c12 = Vector512<T>.Zero;
        Vector512<T> c03 = Vector512<T>.Zero;
        Vector512<T> c13 = Vector512<T>.Zero;
        Vector512<T> c04 = Vector512<T>.Zero;
        Vector512<T> c14 = Vector512<T>.Zero;
        Vector512<T> c05 = Vector512<T>.Zero;
        Vector512<T> c15 = Vector512<T>.Zero;
        Vector512<T> c06 = Vector512<T>.Zero;
        Vector512<T> c16 = Vector512<T>.Zero;
        Vector512<T> c07 = Vector512<T>.Zero;
        Vector512<T> c17 = Vector512<T>.Zero;
        Vector512<T> c08 = Vector512<T>.Zero;
        Vector512<T> c18 = Vector512<T>.Zero;
        Vector512<T> c09 = Vector512<T>.Zero;
        Vector512<T> c19 = Vector512<T>.Zero;
        Vector512<T> c0a = Vector512<T>.Zero;
        Vector512<T> c1a = Vector512<T>.Zero;
        Vector512<T> c0b = Vector512<T>.Zero;
        Vector512<T> c1b = Vector512<T>.Zero;

        PrefetchTile(c, rowStride, columnStride, columns);

        // Unrolled four steps of k at a time, so the pointer updates and the loop test are
        // spread over 4x as many FMAs.
        int p = 0;
        for (; p + 4 <= depth; p += 4)
        {
            {
                Vector512<T> a0 = Vector512.Load(a);
                Vector512<T> a1 = Vector512.Load(a + count);
                Vector512<T> b0 = Vector512.Create(b[0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector512<T> b1 = Vector512.Create(b[1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector512<T> b2 = Vector512.Create(b[2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector512<T> b3 = Vector512.Create(b[3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector512<T> b4 = Vector512.Create(b[4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector512<T> b5 = Vector512.Create(b[5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
                Vector512<T> b6 = Vector512.Create(b[6]);
                c06 = MultiplyAdd(a0, b6, c06);
                c16 = MultiplyAdd(a1, b6, c16);
                Vector512<T> b7 = Vector512.Create(b[7]);
                c07 = MultiplyAdd(a0, b7, c07);
                c17 = MultiplyAdd(a1, b7, c17);
                Vector512<T> b8 = Vector512.Create(b[8]);
                c08 = MultiplyAdd(a0, b8, c08);
                c18 = MultiplyAdd(a1, b8, c18);
                Vector512<T> b9 = Vector512.Create(b[9]);
                c09 = MultiplyAdd(a0, b9, c09);
                c19 = MultiplyAdd(a1, b9, c19);
                Vector512<T> ba = Vector512.Create(b[10]);
                c0a = MultiplyAdd(a0, ba, c0a);
                c1a = MultiplyAdd(a1, ba, c1a);
                Vector512<T> bb = Vector512.Create(b[11]);
                c0b = MultiplyAdd(a0, bb, c0b);
                c1b = MultiplyAdd(a1, bb, c1b);
            }

            {
                Vector512<T> a0 = Vector512.Load(a + 2 * count);
                Vector512<T> a1 = Vector512.Load(a + 3 * count);
                Vector512<T> b0 = Vector512.Create(b[Columns + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector512<T> b1 = Vector512.Create(b[Columns + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector512<T> b2 = Vector512.Create(b[Columns + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector512<T> b3 = Vector512.Create(b[Columns + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector512<T> b4 = Vector512.Create(b[Columns + 4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector512<T> b5 = Vector512.Create(b[Columns + 5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
                Vector512<T> b6 = Vector512.Create(b[Columns + 6]);
                c06 = MultiplyAdd(a0, b6, c06);
                c16 = MultiplyAdd(a1, b6, c16);
                Vector512<T> b7 = Vector512.Create(b[Columns + 7]);
                c07 = MultiplyAdd(a0, b7, c07);
                c17 = MultiplyAdd(a1, b7, c17);
                Vector512<T> b8 = Vector512.Create(b[Columns + 8]);
                c08 = MultiplyAdd(a0, b8, c08);
                c18 = MultiplyAdd(a1, b8, c18);
                Vector512<T> b9 = Vector512.Create(b[Columns + 9]);
                c09 = MultiplyAdd(a0, b9, c09);
                c19 = MultiplyAdd(a1, b9, c19);
                Vector512<T> ba = Vector512.Create(b[Columns + 10]);
                c0a = MultiplyAdd(a0, ba, c0a);
                c1a = MultiplyAdd(a1, ba, c1a);
                Vector512<T> bb = Vector512.Create(b[Columns + 11]);
                c0b = MultiplyAdd(a0, bb, c0b);
                c1b = MultiplyAdd(a1, bb, c1b);
            }

            {
                Vector512<T> a0 = Vector512.Load(a + 4 * count);
                Vector512<T> a1 = Vector512.Load(a + 5 * count);
                Vector512<T> b0 = Vector512.Create(b[(2 * Columns) + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector512<T> b1 = Vector512.Create(b[(2 * Columns) + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector512<T> b2 = Vector512.Create(b[(2 * Columns) + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector512<T> b3 = Vector512.Create(b[(2 * Columns) + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector512<T> b4 = Vector512.Create(b[(2 * Columns) + 4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector512<T> b5 = Vector512.Create(b[(2 * Columns) + 5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
                Vector512<T> b6 = Vector512.Create(b[(2 * Columns) + 6]);
                c06 = MultiplyAdd(a0, b6, c06);
                c16 = MultiplyAdd(a1, b6, c16);
                Vector512<T> b7 = Vector512.Create(b[(2 * Columns) + 7]);
                c07 = MultiplyAdd(a0, b7, c07);
                c17 = MultiplyAdd(a1, b7, c17);
                Vector512<T> b8 = Vector512.Create(b[(2 * Columns) + 8]);
                c08 = MultiplyAdd(a0, b8, c08);
                c18 = MultiplyAdd(a1, b8, c18);
                Vector512<T> b9 = Vector512.Create(b[(2 * Columns) + 9]);
                c09 = MultiplyAdd(a0, b9, c09);
                c19 = MultiplyAdd(a1, b9, c19);
                Vector512<T> ba = Vector512.Create(b[(2 * Columns) + 10]);
                c0a = MultiplyAdd(a0, ba, c0a);
                c1a = MultiplyAdd(a1, ba, c1a);
                Vector512<T> bb = Vector512.Create(b[(2 * Columns) + 11]);
                c0b = MultiplyAdd(a0, bb, c0b);
                c1b = MultiplyAdd(a1, bb, c1b);
            }

            {
                Vector512<T> a0 = Vector512.Load(a + 6 * count);
                Vector512<T> a1 = Vector512.Load(a + 7 * count);
                Vector512<T> b0 = Vector512.Create(b[(3 * Columns) + 0]);
                c00 = MultiplyAdd(a0, b0, c00);
                c10 = MultiplyAdd(a1, b0, c10);
                Vector512<T> b1 = Vector512.Create(b[(3 * Columns) + 1]);
                c01 = MultiplyAdd(a0, b1, c01);
                c11 = MultiplyAdd(a1, b1, c11);
                Vector512<T> b2 = Vector512.Create(b[(3 * Columns) + 2]);
                c02 = MultiplyAdd(a0, b2, c02);
                c12 = MultiplyAdd(a1, b2, c12);
                Vector512<T> b3 = Vector512.Create(b[(3 * Columns) + 3]);
                c03 = MultiplyAdd(a0, b3, c03);
                c13 = MultiplyAdd(a1, b3, c13);
                Vector512<T> b4 = Vector512.Create(b[(3 * Columns) + 4]);
                c04 = MultiplyAdd(a0, b4, c04);
                c14 = MultiplyAdd(a1, b4, c14);
                Vector512<T> b5 = Vector512.Create(b[(3 * Columns) + 5]);
                c05 = MultiplyAdd(a0, b5, c05);
                c15 = MultiplyAdd(a1, b5, c15);
                Vector512<T> b6 = Vector512.Create(b[(3 * Columns) + 6]);
                c06 = MultiplyAdd(a0, b6, c06);
                c16 = MultiplyAdd(a1, b6, c16);
                Vector512<T> b7 = Vector512.Create(b[(3 * Columns) + 7]);
                c07 = MultiplyAdd(a0, b7, c07);
                c17 = MultiplyAdd(a1, b7, c17);
                Vector512<T> b8 = Vector512.Create(b[(3 * Columns) + 8]);
                c08 = MultiplyAdd(a0, b8, c08);
                c18 = MultiplyAdd(a1, b8, c18);
                Vector512<T> b9 = Vector512.Create(b[(3 * Columns) + 9]);
                c09 = MultiplyAdd(a0, b9, c09);
                c19 = MultiplyAdd(a1, b9, c19);
                Vector512<T> ba = Vector512.Create(b[(3 * Columns) + 10]);
                c0a = MultiplyAdd(a0, ba, c0a);
                c1a = MultiplyAdd(a1, ba, c1a);
                Vector512<T> bb = Vector512.Create(b[(3 * Columns) + 11]);
                c0b = MultiplyAdd(a0, bb, c0b);
                c1b = MultiplyAdd(a1, bb, c1b);
            }

            a += 8 * count;
            b += 4 * Columns;
        }

        for (; p < depth; p++)
        {
            Vector512<T> a0 = Vector512.Load(a);
            Vector512<T> a1 = Vector512.Load(a + count);
            Vector512<T> b0 = Vector512.Create(b[0]);
            c00 = MultiplyAdd(a0, b0, c00);
            c10 = MultiplyAdd(a1, b0, c10);
            Vector512<T> b1 = Vector512.Create(b[1]);
            c01 = MultiplyAdd(a0, b1, c01);
            c11 = MultiplyAdd(a1, b1, c11);
            Vector512<T> b2 = Vector512.Create(b[2]);
            c02 = MultiplyAdd(a0, b2, c02);
            c12 = MultiplyAdd(a1, b2, c12);
            Vector512<T> b3 = Vector512.Create(b[3]);
            c03 = MultiplyAdd(a0, b3, c03);
            c13 = MultiplyAdd(a1, b3, c13);
            Vector512<T> b4 = Vector512.Create(b[4]);
            c04 = MultiplyAdd(a0, b4, c04);
            c14 = MultiplyAdd(a1, b4, c14);
            Vector512<T> b5 = Vector512.Create(b[5]);
            c05 = MultiplyAdd(a0, b5, c05);
            c15 = MultiplyAdd(a1, b5, c15);
            Vector512<T> b6 = Vector512.Create(b[6]);
            c06 = MultiplyAdd(a0, b6, c06);
            c16 = MultiplyAdd(a1, b6, c16);
            Vector512<T> b7 = Vector512.Create(b[7]);
            c07 = MultiplyAdd(a0, b7, c07);
            c17 = MultiplyAdd(a1, b7, c17);
            Vector512<T> b8 = Vector512.Create(b[8]);
            c08 = MultiplyAdd(a0, b8, c08);
            c18 = MultiplyAdd(a1, b8, c18);
            Vector512<T> b9 = Vector512.Create(b[9]);
            c09 = MultiplyAdd(a0, b9, c09);
            c19 = MultiplyAdd(a1, b9, c19);
            Vector512<T> ba = Vector512.Create(b[10]);
            c0a = MultiplyAdd(a0, ba, c0a);
            c1a = MultiplyAdd(a1, ba, c1a);
            Vector512<T> bb = Vector512.Create(b[11]);
            c0b = MultiplyAdd(a0, bb, c0b);
            c1b = MultiplyAdd(a1, bb, c1b);
            a += 2 * count;
            b += Columns;
        }

        if (rows == Rows && rowStride == 1)
        {
            Vector512<T> va = Vector512.Create(alpha);
            Vector512<T> vb = Vector512.Create(beta);
            Store(c, c00, c10, count, va, vb, beta);
            if (columns > 1)
            {
                Store(c + 1 * columnStride, c01, c11, count, va, vb, beta);
            }

            if (columns > 2)
            {
                Store(c + 2 * columnStride, c02, c12, count, va, vb, beta);
            }

            if (columns > 3)
            {
                Store(c + 3 * columnStride, c03, c13, count, va, vb, beta);
            }

            if (columns > 4)
            {
                Store(c + 4 * columnStride, c04, c14, count, va, vb, beta);
            }

            if (columns > 5)
            {
                Store(c + 5 * columnStride, c05, c15, count, va, vb, beta);
            }

            if (columns > 6)
            {
                Store(c + 6 * columnStride, c06, c16, count, va, vb, beta);
            }

            if (columns > 7)
            {
                Store(c + 7 * columnStride, c07, c17, count, va, vb, beta);
            }

            if (columns > 8)
            {
                Store(c + 8 * columnStride, c08, c18, count, va, vb, beta);
            }

            if (columns > 9)
            {
                Store(c + 9 * columnStride, c09, c19, count, va, vb, beta);
            }

            if (columns > 10)
            {
                Store(c + 10 * columnStride, c0a, c1a, count, va, vb, beta);
            }

            if (columns > 11)
            {
                Store(c + 11 * columnStride, c0b, c1b, count, va, vb, beta);
            }
        }
        else
        {
            c00.Store(scratch + 0 * count);
            c10.Store(scratch + 1 * count);
            c01.Store(scratch + 2 * count);
            c11.Store(scratch + 3 * count);
            c02.Store(scratch + 4 * count);
            c12.Store(scratch + 5 * count);
            c03.Store(scratch + 6 * count);
            c13.Store(scratch + 7 * count);
            c04.Store(scratch + 8 * count);
            c14.Store(scratch + 9 * count);
            c05.Store(scratch + 10 * count);
            c15.Store(scratch + 11 * count);
            c06.Store(scratch + 12 * count);
            c16.Store(scratch + 13 * count);
            c07.Store(scratch + 14 * count);
            c17.Store(scratch + 15 * count);
            c08.Store(scratch + 16 * count);
            c18.Store(scratch + 17 * count);
            c09.Store(scratch + 18 * count);
            c19.Store(scratch + 19 * count);
            c0a.Store(scratch + 20 * count);
            c1a.Store(scratch + 21 * count);
            c0b.Store(scratch + 22 * count);
            c1b.Store(scratch + 23 * count);
            MicroTile.Update(scratch, Rows, c, rowStride, columnStride, rows, columns, alpha, beta);
        }
    }

    // C is written once per KC steps, far apart in memory (a column stride between tile
    // columns), so its lines would miss in cache at the end of the kernel. Asking for them before
    // the k loop hides that latency behind the FMAs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile(T* c, nint rowStride, nint columnStride, int columns)
    {
        if (Sse.IsSupported && rowStride == 1)
        {
            for (int j = 0; j < columns; j++)
            {
                Sse.Prefetch0(c + (j * columnStride));
                Sse.Prefetch0(c + (j * columnStride) + Rows - 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        return Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
    }

    // beta = 0 must not read C, so NaN or infinity left in C does not reach the result (BLAS semantics).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(T* c, Vector512<T> upper, Vector512<T> lower, int count, Vector512<T> alpha, Vector512<T> beta, T betaScalar)
    {
        if (betaScalar == T.Zero)
        {
            (upper * alpha).Store(c);
            (lower * alpha).Store(c + count);
        }
        else
        {
            MultiplyAdd(Vector512.Load(c), beta, upper * alpha).Store(c);
            MultiplyAdd(Vector512.Load(c + count), beta, lower * alpha).Store(c + count);
        }
    }
}
