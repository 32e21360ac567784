using System.Numerics;
using System.Runtime.CompilerServices;

namespace Feedforward.Tensors;

/// <summary>
/// One product C = alpha op(A) op(B) + beta C described by pointers and strides: element (i, p) of
/// op(A) is at <c>A[i * RowStrideA + p * ColumnStrideA]</c>, and likewise for op(B) and C.
/// </summary>
internal unsafe struct GemmOperands<T>
    where T : unmanaged
{
    public int M;
    public int N;
    public int K;
    public T Alpha;
    public T Beta;
    public T* A;
    public nint RowStrideA;
    public nint ColumnStrideA;
    public T* B;
    public nint RowStrideB;
    public nint ColumnStrideB;
    public T* C;
    public nint RowStrideC;
    public nint ColumnStrideC;

    /// <summary>Packed B shared by all threads: two copies of <see cref="PackedBLength"/> when threads &gt; 1.</summary>
    public T* PackedB;
    public nint PackedBLength;
}

/// <summary>
/// The cache-blocked loops around a micro-kernel: over NC-column blocks, KC-deep blocks and
/// MC-row blocks, then NR-column and MR-row tiles. B is packed in KC x NC
/// panels shared by all threads (each thread packs a share), and each thread packs MC x KC blocks
/// of its own rows of A. The innermost loop runs over A's panels with one KC x NR panel of B held
/// in L1.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : IMicroKernel<T>
{
    /// <summary>Elements of packed B one copy needs for an n-column product of depth k.</summary>
    public static nint PackedBLength(int n, int k) =>
        (nint)RoundUp(Math.Min(TKernel.ColumnBlock, n), TKernel.Columns) * Math.Min(TKernel.Depth, k);

    /// <summary>Runs the share of <paramref name="thread"/> out of <paramref name="threads"/>; all of them must call this.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> o, int thread, int threads, SpinBarrier? barrier)
    {
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        int kcMax = TKernel.Depth;
        int mcMax = TKernel.RowBlock;
        int ncMax = TKernel.ColumnBlock;

        PackBuffers<T> buffers = PackBuffers<T>.ForCurrentThread;
        T* packedA = buffers.A.Ensure((nint)RoundUp(Math.Min(mcMax, o.M), mr) * Math.Min(kcMax, o.K));
        T* scratch = buffers.Scratch.Ensure(mr * nr);

        // Each thread owns whole MR-row panels of C, so threads never write the same tile.
        int rowPanels = Ceiling(o.M, mr);
        int rowStart = (int)((long)rowPanels * thread / threads) * mr;
        int rowEnd = Math.Min(o.M, (int)((long)rowPanels * (thread + 1) / threads) * mr);

        int iteration = 0;
        for (int jc = 0; jc < o.N; jc += ncMax)
        {
            int nc = Math.Min(ncMax, o.N - jc);
            int columnPanels = Ceiling(nc, nr);
            for (int pc = 0; pc < o.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, o.K - pc);

                // Later depth blocks add to what the first one wrote.
                T beta = pc == 0 ? o.Beta : T.One;

                // Two alternating copies of packed B let one barrier per block suffice. A thread
                // packing block i + 1 has passed block i's barrier. Every thread reaches that
                // barrier only after it finished block i - 1, the last user of this copy.
                T* packedB = o.PackedB + (threads > 1 ? (iteration & 1) * o.PackedBLength : 0);
                GemmPacking.PackB(
                    packedB,
                    o.B + pc * o.RowStrideB + jc * o.ColumnStrideB,
                    o.RowStrideB,
                    o.ColumnStrideB,
                    kc,
                    nc,
                    nr,
                    columnPanels * thread / threads,
                    columnPanels * (thread + 1) / threads);
                barrier?.SignalAndWait();

                for (int ic = rowStart; ic < rowEnd; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, rowEnd - ic);
                    GemmPacking.PackA(packedA, o.A + ic * o.RowStrideA + pc * o.ColumnStrideA, o.RowStrideA, o.ColumnStrideA, mc, kc, mr);
                    for (int jr = 0; jr < columnPanels; jr++)
                    {
                        int columns = Math.Min(nr, nc - (jr * nr));
                        T* panelB = packedB + (nint)jr * kc * nr;
                        T* tileC = o.C + ic * o.RowStrideC + (jc + (jr * nr)) * o.ColumnStrideC;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            TKernel.Run(kc, packedA + (nint)ir * kc, panelB, tileC + ir * o.RowStrideC, o.RowStrideC, o.ColumnStrideC, Math.Min(mr, mc - ir), columns, o.Alpha, beta, scratch);
                        }
                    }
                }

                iteration++;
            }
        }
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;

    private static int RoundUp(int value, int multiple) => Ceiling(value, multiple) * multiple;
}

/// <summary>A product handed to the worker threads; one instance per kernel, used only while the workers are held.</summary>
internal sealed class GemmWork<T, TKernel> : ParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : IMicroKernel<T>
{
    public static readonly GemmWork<T, TKernel> Shared = new();

    public GemmOperands<T> Operands;

    public int Threads;

    public SpinBarrier Barrier { get; } = new();

    public override void Execute(int thread) => GemmDriver<T, TKernel>.Run(in Operands, thread, Threads, Barrier);
}

/// <summary>
/// Per-thread packing buffers, kept for the life of the thread so products allocate nothing once
/// the largest block size has been seen.
/// </summary>
internal sealed class PackBuffers<T>
    where T : unmanaged
{
    [ThreadStatic]
    private static PackBuffers<T>? t_current;

    public static PackBuffers<T> ForCurrentThread => t_current ??= new PackBuffers<T>();

    /// <summary>The MC x KC block of A this thread packs.</summary>
    public AlignedBuffer<T> A { get; } = new();

    /// <summary>Packed B, shared with the workers when this thread starts a parallel product.</summary>
    public AlignedBuffer<T> B { get; } = new();

    /// <summary>One tile of C for edge tiles.</summary>
    public AlignedBuffer<T> Scratch { get; } = new();
}

/// <summary>A pinned array handed out as a 64-byte-aligned pointer, so packed panels start on cache lines.</summary>
internal sealed unsafe class AlignedBuffer<T>
    where T : unmanaged
{
    private const int Alignment = 64;

    private T[] _array = [];
    private T* _aligned;
    private nint _length;

    /// <summary>Returns a pointer to at least <paramref name="length"/> elements, growing the buffer if needed.</summary>
    public T* Ensure(nint length)
    {
        if (length > _length)
        {
            // The pinned object heap never moves the array, so the pointer stays valid.
            _array = GC.AllocateUninitializedArray<T>(checked((int)length + (Alignment / sizeof(T))), pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref _array[0]);
            _aligned = (T*)((address + Alignment - 1) & ~(nint)(Alignment - 1));
            _length = length;
        }

        return _aligned;
    }
}
