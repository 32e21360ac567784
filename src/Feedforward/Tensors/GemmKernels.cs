using System.Numerics;
using System.Numerics.Tensors;

namespace Feedforward.Tensors;

/// <summary>
/// The kernels behind <see cref="Gemm.Multiply{T}"/> once shapes are checked. This version works
/// column by column with vectorized AXPY and dot products, with no packing.
/// </summary>
internal static class GemmKernels
{
    public static void Multiply<T>(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScaleOutput(beta, c);
        if (m == 0 || n == 0 || k == 0 || alpha == T.Zero)
        {
            return;
        }

        switch (transposeA, transposeB)
        {
            case (Transpose.None, Transpose.None):
                for (int j = 0; j < n; j++)
                {
                    Span<T> cj = c.Column(j);
                    for (int p = 0; p < k; p++)
                    {
                        T s = alpha * b[p, j];
                        TensorPrimitives.MultiplyAdd(a.Column(p), s, cj, cj);
                    }
                }

                break;
            case (Transpose.None, Transpose.Transposed):
                for (int j = 0; j < n; j++)
                {
                    Span<T> cj = c.Column(j);
                    for (int p = 0; p < k; p++)
                    {
                        T s = alpha * b[j, p];
                        TensorPrimitives.MultiplyAdd(a.Column(p), s, cj, cj);
                    }
                }

                break;
            case (Transpose.Transposed, Transpose.None):
                for (int j = 0; j < n; j++)
                {
                    Span<T> bj = b.Column(j);
                    for (int i = 0; i < m; i++)
                    {
                        c[i, j] += alpha * TensorPrimitives.Dot<T>(a.Column(i), bj);
                    }
                }

                break;
            default:
                for (int j = 0; j < n; j++)
                {
                    for (int i = 0; i < m; i++)
                    {
                        T sum = T.Zero;
                        for (int p = 0; p < k; p++)
                        {
                            sum += a[p, i] * b[j, p];
                        }

                        c[i, j] += alpha * sum;
                    }
                }

                break;
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
