using System.Numerics;

namespace Feedforward.Tensors;

/// <summary>
/// The one matrix-product entry point of the library: C = alpha op(A) op(B) + beta C, with
/// column-major operands as in BLAS. Every product in forward and backward propagation goes
/// through <see cref="Multiply{T}"/>, so a faster engine replaces one method.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Computes C = alpha op(A) op(B) + beta C, where op(A) is m x k, op(B) is k x n and C is m x n.
    /// </summary>
    /// <remarks>
    /// As in BLAS, beta = 0 overwrites C, so NaN or infinity already in C does not leak into the
    /// result. C must not share memory with A or B.
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static void Multiply<T>(Transpose transposeA, Transpose transposeB, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = transposeA == Transpose.None ? a.Rows : a.Columns;
        int k = transposeA == Transpose.None ? a.Columns : a.Rows;
        int kB = transposeB == Transpose.None ? b.Rows : b.Columns;
        int n = transposeB == Transpose.None ? b.Columns : b.Rows;
        if (k != kB || c.Rows != m || c.Columns != n)
        {
            throw new ArgumentException(
                $"op(A) is {m} x {k} and op(B) is {kB} x {n}, so C must be {m} x {n} with matching inner sizes, but C is {c.Rows} x {c.Columns}",
                nameof(c));
        }

        GemmKernels.Multiply(transposeA, transposeB, m, n, k, alpha, a, b, beta, c);
    }
}
