using System.Numerics;
using System.Runtime.Intrinsics;

namespace Feedforward.Activations;

/// <summary>Vectorized element-wise loops that <see cref="System.Numerics.Tensors.TensorPrimitives"/> lacks.</summary>
internal static class ElementwiseKernels
{
    /// <summary>Computes dZ_i = dA_i where z_i &gt; 0, else 0 (ReLU's backward pass).</summary>
    public static void MaskWherePositive<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> dA, Span<T> dZ)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= z.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> zv = Vector256.Create(z.Slice(i, Vector256<T>.Count));
                Vector256<T> dv = Vector256.Create(dA.Slice(i, Vector256<T>.Count));
                Vector256<T> mask = Vector256.GreaterThan(zv, Vector256<T>.Zero);
                (dv & mask).CopyTo(dZ.Slice(i, Vector256<T>.Count));
            }
        }

        for (; i < z.Length; i++)
        {
            dZ[i] = z[i] > T.Zero ? dA[i] : T.Zero;
        }
    }

    /// <summary>
    /// Computes dZ_i = dA_i where z_i &gt; 0, else 0, for a matrix of <paramref name="rows"/>-long
    /// columns, and adds every column of dZ into <paramref name="columnSum"/>. This is ReLU's
    /// backward pass and the bias gradient in one pass, so dZ is not read a second time.
    /// </summary>
    public static void MaskWherePositiveAndSumColumns<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> dA, Span<T> dZ, int rows, Span<T> columnSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        columnSum.Clear();
        for (int start = 0; start < z.Length; start += rows)
        {
            ReadOnlySpan<T> zc = z.Slice(start, rows);
            ReadOnlySpan<T> dAc = dA.Slice(start, rows);
            Span<T> dZc = dZ.Slice(start, rows);
            int i = 0;
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                for (; i <= rows - Vector256<T>.Count; i += Vector256<T>.Count)
                {
                    Vector256<T> zv = Vector256.Create(zc.Slice(i, Vector256<T>.Count));
                    Vector256<T> dv = Vector256.Create(dAc.Slice(i, Vector256<T>.Count));
                    Vector256<T> masked = dv & Vector256.GreaterThan(zv, Vector256<T>.Zero);
                    masked.CopyTo(dZc.Slice(i, Vector256<T>.Count));
                    (Vector256.Create(columnSum.Slice(i, Vector256<T>.Count)) + masked).CopyTo(columnSum.Slice(i, Vector256<T>.Count));
                }
            }

            for (; i < rows; i++)
            {
                T value = zc[i] > T.Zero ? dAc[i] : T.Zero;
                dZc[i] = value;
                columnSum[i] += value;
            }
        }
    }

    /// <summary>Adds every <paramref name="rows"/>-long column of <paramref name="values"/> into <paramref name="columnSum"/>, which starts at 0.</summary>
    public static void SumColumns<T>(ReadOnlySpan<T> values, int rows, Span<T> columnSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        columnSum.Clear();
        for (int start = 0; start < values.Length; start += rows)
        {
            ReadOnlySpan<T> column = values.Slice(start, rows);
            int i = 0;
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                for (; i <= rows - Vector256<T>.Count; i += Vector256<T>.Count)
                {
                    (Vector256.Create(columnSum.Slice(i, Vector256<T>.Count)) + Vector256.Create(column.Slice(i, Vector256<T>.Count)))
                        .CopyTo(columnSum.Slice(i, Vector256<T>.Count));
                }
            }

            for (; i < rows; i++)
            {
                columnSum[i] += column[i];
            }
        }
    }
}
