using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Feedforward.Tensors.BlockMath;

namespace Feedforward.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layout the micro-kernels read: each step of k
/// is one contiguous run of MR values of A (or NR values of B), so the kernel's loads are
/// sequential and unit-stride whatever the transposition. Panels past the matrix edge are padded
/// with zeros, so the kernel always computes full tiles.
/// </summary>
/// <remarks>
/// Operands are described by strides: element (i, p) of op(A) is at
/// <c>a[i * rowStride + p * columnStride]</c>, which covers both transpositions and the swapped
/// product C^T = op(B)^T op(A)^T with one code path.
/// <para>
/// The packing methods are compiled fully optimized at once (AggressiveOptimization): at tier 0
/// they run several times slower than the product itself for the first ~100 ms of a process.
/// </para>
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows x depth of op(A) into panels of <paramref name="panelRows"/> rows, each panel
    /// depth x panelRows values long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(T* target, T* a, nint rowStride, nint columnStride, int rows, int depth, int panelRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rowStride == 1)
        {
            CopyRuns(target, panelRows, a, columnStride, rows, depth, Ceiling(rows, panelRows));
            return;
        }

        for (int i0 = 0; i0 < rows; i0 += panelRows)
        {
            int height = Math.Min(panelRows, rows - i0);
            Transpose(target, panelRows, a + (i0 * rowStride), rowStride, height, depth);
            target += depth * panelRows;
        }
    }

    /// <summary>
    /// Packs depth x columns of op(B) into panels of <paramref name="panelColumns"/> columns, each
    /// depth x panelColumns values long. Only panels <paramref name="firstPanel"/> up to
    /// <paramref name="endPanel"/> (exclusive) are written, so threads can share the work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(T* target, T* b, nint rowStride, nint columnStride, int depth, int columns, int panelColumns, int firstPanel, int endPanel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (firstPanel >= endPanel)
        {
            return;
        }

        int first = firstPanel * panelColumns;
        T* firstTarget = target + ((nint)firstPanel * depth * panelColumns);
        if (columnStride == 1)
        {
            int lines = Math.Min(columns, endPanel * panelColumns) - first;
            CopyRuns(firstTarget, panelColumns, b + first, rowStride, lines, depth, endPanel - firstPanel);
            return;
        }

        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int j0 = panel * panelColumns;
            int width = Math.Min(panelColumns, columns - j0);
            T* panelTarget = target + ((nint)panel * depth * panelColumns);
            Transpose(panelTarget, panelColumns, b + (j0 * columnStride), columnStride, width, depth);
        }
    }

    // Lines (rows of A's panels, columns of B's) are contiguous in the source at each step of k,
    // which is `step` apart. Steps of k are taken in chunks, and within a chunk panel by panel:
    // walking all panels at each single step would write to addresses a multiple of 4 KiB apart,
    // which share one L1 set and evict each other. The last panel may be partial and is padded
    // with zeros.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRuns<T>(T* target, int panelLength, T* source, nint step, int lines, int depth, int panels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Chunk = 16;
        int fullPanels = lines / panelLength;
        int tail = lines - (fullPanels * panelLength);
        nint panelSize = (nint)depth * panelLength;
        for (int p0 = 0; p0 < depth; p0 += Chunk)
        {
            int p1 = Math.Min(depth, p0 + Chunk);
            for (int q = 0; q < fullPanels; q++)
            {
                T* panel = target + (q * panelSize);
                T* values = source + (q * panelLength);
                for (int p = p0; p < p1; p++)
                {
                    CopyLine(panel + ((nint)p * panelLength), values + (p * step), panelLength);
                }
            }

            if (tail > 0)
            {
                T* panel = target + (fullPanels * panelSize);
                T* values = source + (fullPanels * panelLength);
                for (int p = p0; p < p1; p++)
                {
                    T* row = panel + ((nint)p * panelLength);
                    T* line = values + (p * step);
                    int i = 0;
                    for (; i < tail; i++)
                    {
                        row[i] = line[i];
                    }

                    for (; i < panelLength; i++)
                    {
                        row[i] = T.Zero;
                    }
                }
            }
        }

        Debug.Assert(fullPanels + (tail > 0 ? 1 : 0) == panels, "the lines must fill exactly the panels given");
    }

    // Copies a few dozen values with vector moves. Unsafe.CopyBlock with a length unknown to the
    // JIT calls memmove, whose fixed cost per call is several times that of copying one line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLine<T>(T* target, T* source, int count)
        where T : unmanaged
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count)
            {
                Vector256.Load(source + i).Store(target + i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<T>.Count <= count; i += Vector128<T>.Count)
            {
                Vector128.Load(source + i).Store(target + i);
            }
        }

        for (; i < count; i++)
        {
            target[i] = source[i];
        }
    }

    // The panel's lines run along k in the source (line i starts at source + i * lineStride), so
    // packing is a transpose. Element-by-element it costs about as much as the product itself
    // at batch 32, so blocks of lines are transposed in registers where AVX allows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose<T>(T* target, int panelLength, T* source, nint lineStride, int length, int depth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            TransposeBlocks((float*)target, panelLength, (float*)source, lineStride, length, depth);
        }
        else if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            TransposeBlocks((double*)target, panelLength, (double*)source, lineStride, length, depth);
        }
        else
        {
            TransposeScalar(target, panelLength, source, lineStride, 0, panelLength, length, 0, depth);
        }
    }

    // Splits the panel into groups of one vector's width of lines. Each group is transposed in
    // square blocks along k, and the k steps left over at the end element by element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeBlocks<T>(T* target, int panelLength, T* source, nint lineStride, int length, int depth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int blockedDepth = depth - (depth % width);
        for (int first = 0; first < panelLength; first += width)
        {
            // Panel widths (6, 12, 16, 32 and the double ones) leave at least half a vector per group.
            int lanes = Math.Min(width, panelLength - first);
            int lines = Math.Clamp(length - first, 0, width);
            T* lineSource = source + first * lineStride;
            for (int p = 0; p < blockedDepth; p += width)
            {
                T* block = target + ((nint)p * panelLength) + first;
                if (typeof(T) == typeof(float))
                {
                    TransposeBlock8((float*)block, panelLength, (float*)(lineSource + p), lineStride, lines, lanes);
                }
                else
                {
                    TransposeBlock4((double*)block, panelLength, (double*)(lineSource + p), lineStride, lines, lanes);
                }
            }

            TransposeScalar(target, panelLength, source, lineStride, first, first + lanes, length, blockedDepth, depth);
        }
    }

    // Transposes 8 lines x 8 steps of k: after the unpack, shuffle and 128-bit permute stages,
    // vector r contains element r of every line. Lines past `lines` read as zeros (panel padding).
    // Like the other packing methods it skips tier 0, where LoadLine and StoreLanes were not
    // inlined and the first 256 x 32 x 784 NN products of a bench process ran at 0.6 of full speed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeBlock8(float* target, int panelLength, float* source, nint lineStride, int lines, int lanes)
    {
        Vector256<float> r0 = LoadLine(source, lineStride, 0, lines);
        Vector256<float> r1 = LoadLine(source, lineStride, 1, lines);
        Vector256<float> r2 = LoadLine(source, lineStride, 2, lines);
        Vector256<float> r3 = LoadLine(source, lineStride, 3, lines);
        Vector256<float> r4 = LoadLine(source, lineStride, 4, lines);
        Vector256<float> r5 = LoadLine(source, lineStride, 5, lines);
        Vector256<float> r6 = LoadLine(source, lineStride, 6, lines);
        Vector256<float> r7 = LoadLine(source, lineStride, 7, lines);

        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

        // A panel narrower than a vector (4 or 6 floats) is one group, and its 8 steps of k are
        // one contiguous run. Each step but the last is then stored whole: the lanes past the
        // panel land on the next step's first values, which the next store overwrites. For 6-wide
        // panels that is one store per step instead of three. In the GEMM bench, NN and TN
        // products whose B is large against A ran up to 1.14x (one thread) and 1.21x (two) faster.
        int wideLanes = panelLength < Vector256<float>.Count && GemmDriverSettings.OverlappingStores ? Vector256<float>.Count : lanes;
        StoreLanes(target, Avx.Permute2x128(u0, u4, 0x20), wideLanes);
        StoreLanes(target + panelLength, Avx.Permute2x128(u1, u5, 0x20), wideLanes);
        StoreLanes(target + (2 * panelLength), Avx.Permute2x128(u2, u6, 0x20), wideLanes);
        StoreLanes(target + (3 * panelLength), Avx.Permute2x128(u3, u7, 0x20), wideLanes);
        StoreLanes(target + (4 * panelLength), Avx.Permute2x128(u0, u4, 0x31), wideLanes);
        StoreLanes(target + (5 * panelLength), Avx.Permute2x128(u1, u5, 0x31), wideLanes);
        StoreLanes(target + (6 * panelLength), Avx.Permute2x128(u2, u6, 0x31), wideLanes);
        StoreLanes(target + (7 * panelLength), Avx.Permute2x128(u3, u7, 0x31), lanes);
    }

    // Transposes 4 lines x 4 steps of k of doubles, as TransposeBlock8 does for floats.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeBlock4(double* target, int panelLength, double* source, nint lineStride, int lines, int lanes)
    {
        Vector256<double> r0 = LoadLine(source, lineStride, 0, lines);
        Vector256<double> r1 = LoadLine(source, lineStride, 1, lines);
        Vector256<double> r2 = LoadLine(source, lineStride, 2, lines);
        Vector256<double> r3 = LoadLine(source, lineStride, 3, lines);

        Vector256<double> t0 = Avx.UnpackLow(r0, r1);
        Vector256<double> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<double> t2 = Avx.UnpackLow(r2, r3);
        Vector256<double> t3 = Avx.UnpackHigh(r2, r3);

        StoreLanes(target, Avx.Permute2x128(t0, t2, 0x20), lanes);
        StoreLanes(target + panelLength, Avx.Permute2x128(t1, t3, 0x20), lanes);
        StoreLanes(target + (2 * panelLength), Avx.Permute2x128(t0, t2, 0x31), lanes);
        StoreLanes(target + (3 * panelLength), Avx.Permute2x128(t1, t3, 0x31), lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> LoadLine<T>(T* source, nint lineStride, int line, int lines)
        where T : unmanaged
    {
        return line < lines ? Vector256.Load(source + (line * lineStride)) : Vector256<T>.Zero;
    }

    // Stores the first `lanes` elements; a partial group is at least half a vector wide.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLanes<T>(T* target, Vector256<T> value, int lanes)
        where T : unmanaged
    {
        if (lanes == Vector256<T>.Count)
        {
            value.Store(target);
            return;
        }

        value.GetLower().Store(target);
        for (int i = Vector128<T>.Count; i < lanes; i++)
        {
            target[i] = value.GetElement(i);
        }
    }

    // Transposes lines first..end-1 over steps of k depthStart..depthEnd-1, element by element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeScalar<T>(T* target, int panelLength, T* source, nint lineStride, int first, int end, int length, int depthStart, int depthEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = first; i < end; i++)
        {
            T* line = source + (i * lineStride);
            T* column = target + i;
            for (int p = depthStart; p < depthEnd; p++)
            {
                column[p * panelLength] = i < length ? line[p] : T.Zero;
            }
        }
    }
}
