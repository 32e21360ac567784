using System.Runtime.InteropServices;

namespace Feedforward.Bench;

/// <summary>
/// OpenBLAS entry points from Debian's libopenblas0-pthread, for comparison only; the library
/// never calls native BLAS.
/// </summary>
internal static partial class OpenBlas
{
    public const int ColumnMajor = 102;
    public const int NoTrans = 111;
    public const int Trans = 112;

    private const string Library = "libopenblas.so.0";

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    public static unsafe partial void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    public static partial void SetNumThreads(int threads);

    [LibraryImport(Library, EntryPoint = "openblas_get_corename")]
    public static partial nint GetCoreName();

    public static string CoreName => Marshal.PtrToStringAnsi(GetCoreName()) ?? "unknown";
}
