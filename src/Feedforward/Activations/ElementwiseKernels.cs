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
}
