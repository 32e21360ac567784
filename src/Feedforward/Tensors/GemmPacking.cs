using System.Numerics;
using System.Runtime.CompilerServices;

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
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows x depth of op(A) into panels of <paramref name="panelRows"/> rows, each panel
    /// depth x panelRows values long.
    /// </summary>
    public static void PackA<T>(T* target, T* a, nint rowStride, nint columnStride, int rows, int depth, int panelRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i0 = 0; i0 < rows; i0 += panelRows)
        {
            int height = Math.Min(panelRows, rows - i0);
            T* source = a + i0 * rowStride;
            if (rowStride == 1)
            {
                CopyRuns(target, panelRows, source, columnStride, height, depth);
            }
            else
            {
                Transpose(target, panelRows, source, rowStride, height, depth);
            }

            target += depth * panelRows;
        }
    }

    /// <summary>
    /// Packs depth x columns of op(B) into panels of <paramref name="panelColumns"/> columns, each
    /// depth x panelColumns values long. Only panels <paramref name="firstPanel"/> up to
    /// <paramref name="endPanel"/> (exclusive) are written, so threads can share the work.
    /// </summary>
    public static void PackB<T>(T* target, T* b, nint rowStride, nint columnStride, int depth, int columns, int panelColumns, int firstPanel, int endPanel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int j0 = panel * panelColumns;
            int width = Math.Min(panelColumns, columns - j0);
            T* source = b + j0 * columnStride;
            T* panelTarget = target + (nint)panel * depth * panelColumns;
            if (columnStride == 1)
            {
                CopyRuns(panelTarget, panelColumns, source, rowStride, width, depth);
            }
            else
            {
                Transpose(panelTarget, panelColumns, source, columnStride, width, depth);
            }
        }
    }

    // The panel's lines are contiguous in the source: each step of k copies `length` values and
    // pads to `panelLength`.
    private static void CopyRuns<T>(T* target, int panelLength, T* source, nint step, int length, int depth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (length == panelLength)
        {
            uint bytes = (uint)(panelLength * sizeof(T));
            for (int p = 0; p < depth; p++)
            {
                Unsafe.CopyBlockUnaligned(target, source, bytes);
                target += panelLength;
                source += step;
            }

            return;
        }

        for (int p = 0; p < depth; p++)
        {
            int i = 0;
            for (; i < length; i++)
            {
                target[i] = source[i];
            }

            for (; i < panelLength; i++)
            {
                target[i] = T.Zero;
            }

            target += panelLength;
            source += step;
        }
    }

    // The panel's lines run along k in the source (line i starts at source + i * lineStride), so
    // packing is a transpose: read each line sequentially, write it with stride panelLength.
    private static void Transpose<T>(T* target, int panelLength, T* source, nint lineStride, int length, int depth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < length; i++)
        {
            T* line = source + i * lineStride;
            T* column = target + i;
            for (int p = 0; p < depth; p++)
            {
                column[p * panelLength] = line[p];
            }
        }

        for (int i = length; i < panelLength; i++)
        {
            T* column = target + i;
            for (int p = 0; p < depth; p++)
            {
                column[p * panelLength] = T.Zero;
            }
        }
    }
}
