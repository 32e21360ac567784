using System.Numerics;
using System.Runtime.CompilerServices;
using static Feedforward.Tensors.BlockMath;

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

    /// <summary>Packed B, shared by all threads.</summary>
    public T* PackedB;
}

/// <summary>Switches of <see cref="GemmDriver{T, TKernel}"/> that are the same for every element type and kernel.</summary>
internal static class GemmDriverSettings
{
    /// <summary>
    /// Whether parallel products pack A once for all threads (the default). The GEMM bench turns
    /// it off to time the two ways against each other in one process (<c>--against own-packing</c>).
    /// </summary>
    public static bool ShareA { get; set; } = true;

    /// <summary>
    /// The largest op(B), in elements, for which a parallel product runs as independent row
    /// slices (<see cref="GemmRowSlices{T, TKernel}"/>). The GEMM bench sets 0 to time the
    /// blocked driver alone (<c>--against phases</c>). At 2^17, 256 x 128 x 784 (B of 100,352
    /// elements) ran 0.87 to 0.98 times as fast as in the blocked driver, so the limit is 2^16.
    /// </summary>
    public static long RowSliceMaxB { get; set; } = 1L << 16;

    /// <summary>
    /// Whether parallel products of several depth blocks pack the next block while they
    /// multiply by the current one (the default). The GEMM bench turns it off to time the
    /// difference (<c>--against unpipelined</c>).
    /// </summary>
    public static bool Pipeline { get; set; } = true;

    /// <summary>
    /// Whether packing a B panel of 4 or 6 floats stores each transposed step of k as a whole
    /// vector that overlaps the next step (the default). The GEMM bench turns it off to time the
    /// difference (<c>--against narrow-stores</c>).
    /// </summary>
    public static bool OverlappingStores { get; set; } = true;
}

/// <summary>
/// The cache-blocked loops around a micro-kernel: over NC-column blocks and KC-deep blocks, each
/// packing a KC x NC panel of B and then multiplying it by MC-row blocks of A, in NR-column and
/// MR-row tiles. The innermost loop runs over A's panels with one KC x NR panel of B held in L1.
/// </summary>
/// <remarks>
/// Both steps are split into units for the workers. Packing B is split by column panels, and
/// all threads then share the packed panel, so no thread packs all of B. The product is split by
/// row blocks, each packing its own rows of A.
/// </remarks>
internal sealed unsafe class GemmDriver<T, TKernel> : PhaseWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : IMicroKernel<T>
{
    // The maximum number of elements of A packed at once for all threads (16 MiB of float).
    // Above it, each unit packs its own rows, as in one-thread products.
    private const long MaxSharedA = 4L << 20;

    // Only used while the workers are held, so one instance per kernel suffices.
    private static readonly GemmDriver<T, TKernel> Shared = new();

    [ThreadStatic]
    private static GemmDriver<T, TKernel>? t_local;

    private GemmOperands<T> _o;
    private int _multiplyUnits;
    private int _jc;
    private int _nc;
    private int _pc;
    private int _kc;
    private T _beta;
    private T* _multiplyB;
    private T* _multiplyA;
    private int _packPc;
    private int _packKc;
    private T* _packB;
    private T* _packA;
    private int _panelsPerUnit;
    private int _columnPanels;
    private int _rowsPerUnit;
    private int _columnChunks;
    private int _panelsPerChunk;
    private int _packingUnitsB;

    /// <summary>Elements of packed B for an n-column product of depth k.</summary>
    public static nint PackedBLength(int n, int k) =>
        (nint)RoundUp(Math.Min(TKernel.ColumnBlock, n), TKernel.Columns) * Math.Min(TKernel.Depth, k);

    /// <summary>
    /// Computes the product on the calling thread, helped by <paramref name="threads"/> - 1
    /// workers when it is greater than 1 (the caller must then hold the workers).
    /// </summary>
    public static void Run(in GemmOperands<T> operands, int threads)
    {
        GemmDriver<T, TKernel> driver = threads > 1 ? Shared : (t_local ??= new GemmDriver<T, TKernel>());
        driver.Execute(in operands, threads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Execute(in GemmOperands<T> operands, int threads)
    {
        _o = operands;
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;

        // Multiply units are MC-row blocks of A times a range of B's column panels. Whole MC
        // blocks reuse each KC x NR panel of B in L1 across MC rows. With thin row units, B
        // streamed from L3 again for each few rows, and two threads ran barely faster than one.
        // Column ranges give each thread a few units, so the others balance a thread that starts
        // late or runs slow. The cost is packing a block of A once per range.
        _rowsPerUnit = threads == 1
            ? TKernel.RowBlock
            : Math.Clamp(RoundUp(Ceiling(_o.M, threads), mr), mr, TKernel.RowBlock);

        // Only a matrix of over 8 million rows (65,535 MC blocks) needs larger units.
        _rowsPerUnit = Math.Max(_rowsPerUnit, RoundUp(Ceiling(_o.M, WorkerPool.MaxUnits), mr));
        int rowUnits = Ceiling(_o.M, _rowsPerUnit);

        for (_jc = 0; _jc < _o.N; _jc += TKernel.ColumnBlock)
        {
            _nc = Math.Min(TKernel.ColumnBlock, _o.N - _jc);
            _columnPanels = Ceiling(_nc, nr);
            _panelsPerUnit = Ceiling(_columnPanels, threads * 4);
            _columnChunks = threads == 1 ? 1 : Math.Clamp(Ceiling(threads * 4, rowUnits), 1, Math.Min(_columnPanels, WorkerPool.MaxUnits / rowUnits));
            _panelsPerChunk = Ceiling(_columnPanels, _columnChunks);
            _columnChunks = Ceiling(_columnPanels, _panelsPerChunk);
            _packingUnitsB = Ceiling(_columnPanels, _panelsPerUnit);

            // Several units multiply the same rows of A by different column ranges of B. When each
            // packed those rows itself, 2 threads packed A 4 times per depth block. So the packing
            // phase packs every row once, next to B, and all units read the shared copy.
            long sharedALength = (long)RoundUp(_o.M, mr) * Math.Min(TKernel.Depth, _o.K);
            bool shareA = GemmDriverSettings.ShareA && _columnChunks > 1 && sharedALength <= MaxSharedA;
            PackBuffers<T> buffers = PackBuffers<T>.ForCurrentThread;
            T* sharedA = shareA ? buffers.SharedA.Ensure((nint)sharedALength) : null;
            int packingUnits = _packingUnitsB + (shareA ? rowUnits : 0);
            int multiplyUnits = rowUnits * _columnChunks;
            if (threads > 1 && GemmDriverSettings.Pipeline && _o.K > TKernel.Depth)
            {
                // Two buffers: the threads multiply by one depth block while they pack the next
                // into the other. Each block after the first then costs one wait for all threads
                // instead of two, and the short packing units fill the end of the phase. Over the
                // two-thread rows with k > KC of the GEMM bench this gained 1.5% (geometric mean).
                T* nextB = buffers.NextB.Ensure(PackedBLength(_o.N, _o.K));
                T* nextA = shareA ? buffers.NextSharedA.Ensure((nint)sharedALength) : null;
                SetPackBlock(0, _o.PackedB, sharedA);
                _multiplyUnits = 0;
                RunPhase(packingUnits, threads);
                for (int block = 0; block * TKernel.Depth < _o.K; block++)
                {
                    bool even = block % 2 == 0;
                    SetMultiplyBlock(block * TKernel.Depth, even ? _o.PackedB : nextB, even ? sharedA : nextA);
                    bool more = (block + 1) * TKernel.Depth < _o.K;
                    if (more)
                    {
                        SetPackBlock((block + 1) * TKernel.Depth, even ? nextB : _o.PackedB, even ? nextA : sharedA);
                    }

                    _multiplyUnits = multiplyUnits;
                    RunPhase(multiplyUnits + (more ? packingUnits : 0), threads);
                }

                continue;
            }

            for (int pc = 0; pc < _o.K; pc += TKernel.Depth)
            {
                SetPackBlock(pc, _o.PackedB, sharedA);
                _multiplyUnits = 0;
                RunPhase(packingUnits, threads);
                SetMultiplyBlock(pc, _o.PackedB, sharedA);
                _multiplyUnits = multiplyUnits;
                RunPhase(multiplyUnits, threads);
            }
        }
    }

    // Sets the depth block that the packing units of the next phase pack, and where to.
    private void SetPackBlock(int pc, T* packedB, T* sharedA)
    {
        _packPc = pc;
        _packKc = Math.Min(TKernel.Depth, _o.K - pc);
        _packB = packedB;
        _packA = sharedA;
    }

    // Sets the depth block that the multiply units of the next phase multiply, and its packed
    // operands. A null A means that each unit packs its own rows.
    private void SetMultiplyBlock(int pc, T* packedB, T* sharedA)
    {
        _pc = pc;
        _kc = Math.Min(TKernel.Depth, _o.K - pc);

        // Later depth blocks add to what the first one wrote.
        _beta = pc == 0 ? _o.Beta : T.One;
        _multiplyB = packedB;
        _multiplyA = sharedA;
    }

    private void RunPhase(int units, int threads)
    {
        if (threads > 1)
        {
            WorkerPool.RunPhase(this, units, threads - 1);
            return;
        }

        for (int unit = 0; unit < units; unit++)
        {
            RunUnit(unit);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void RunUnit(int unit)
    {
        int packUnit = unit - _multiplyUnits;
        if (packUnit >= _packingUnitsB)
        {
            int start = (packUnit - _packingUnitsB) * _rowsPerUnit;
            GemmPacking.PackA(_packA + ((nint)start * _packKc), _o.A + (start * _o.RowStrideA) + (_packPc * _o.ColumnStrideA), _o.RowStrideA, _o.ColumnStrideA, Math.Min(_rowsPerUnit, _o.M - start), _packKc, TKernel.Rows);
        }
        else if (packUnit >= 0)
        {
            int first = packUnit * _panelsPerUnit;
            GemmPacking.PackB(
                _packB,
                _o.B + (_packPc * _o.RowStrideB) + (_jc * _o.ColumnStrideB),
                _o.RowStrideB,
                _o.ColumnStrideB,
                _packKc,
                _nc,
                TKernel.Columns,
                first,
                Math.Min(_columnPanels, first + _panelsPerUnit));
        }
        else
        {
            int start = unit / _columnChunks * _rowsPerUnit;
            int end = Math.Min(_o.M, start + _rowsPerUnit);
            int firstPanel = unit % _columnChunks * _panelsPerChunk;
            int endPanel = Math.Min(_columnPanels, firstPanel + _panelsPerChunk);
            for (int ic = start; ic < end; ic += TKernel.RowBlock)
            {
                Multiply(ic, Math.Min(TKernel.RowBlock, end - ic), firstPanel, endPanel);
            }
        }
    }

    // Packs rows ic..ic+mc-1 of the current depth block of A and multiplies them by the packed
    // B column panels firstPanel..endPanel-1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Multiply(int ic, int mc, int firstPanel, int endPanel)
    {
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        int kc = _kc;
        PackBuffers<T> buffers = PackBuffers<T>.ForCurrentThread;
        T* scratch = buffers.Scratch.Ensure(mr * nr);
        T* packedA;
        if (_multiplyA != null)
        {
            packedA = _multiplyA + ((nint)ic * kc);
        }
        else
        {
            packedA = buffers.A.Ensure((nint)TKernel.RowBlock * TKernel.Depth);
            GemmPacking.PackA(packedA, _o.A + (ic * _o.RowStrideA) + (_pc * _o.ColumnStrideA), _o.RowStrideA, _o.ColumnStrideA, mc, kc, mr);
        }
        for (int jr = firstPanel; jr < endPanel; jr++)
        {
            int columns = Math.Min(nr, _nc - (jr * nr));
            T* panelB = _multiplyB + ((nint)jr * kc * nr);
            T* tileC = _o.C + (ic * _o.RowStrideC) + ((_jc + (jr * nr)) * _o.ColumnStrideC);
            for (int ir = 0; ir < mc; ir += mr)
            {
                TKernel.Run(kc, packedA + ((nint)ir * kc), panelB, tileC + (ir * _o.RowStrideC), _o.RowStrideC, _o.ColumnStrideC, Math.Min(mr, mc - ir), columns, _o.Alpha, _beta, scratch);
            }
        }
    }
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

    /// <summary>All rows of one depth block of A, packed once and shared with the workers when this thread starts a parallel product.</summary>
    public AlignedBuffer<T> SharedA { get; } = new();

    /// <summary>The next depth block of B, packed while the workers multiply by the current one.</summary>
    public AlignedBuffer<T> NextB { get; } = new();

    /// <summary>The next depth block of the shared A, packed while the workers multiply by the current one.</summary>
    public AlignedBuffer<T> NextSharedA { get; } = new();

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
