namespace Feedforward.Tensors;

/// <summary>
/// An element-wise pass over elements 0 to length - 1, split into chunks that the kernel
/// workers share when the pass is long enough. Each element's result depends only on that
/// element, so the split never changes a bit of the result.
/// </summary>
/// <remarks>
/// An instance keeps the operands of one pass in fields, so a subclass is created once and
/// reused, and a pass allocates nothing. Operands are pointers: the caller pins them for the
/// call to <see cref="Run"/>, which returns only after every chunk is done.
/// </remarks>
internal abstract class ChunkedPass : PhaseWork
{
    /// <summary>
    /// Elements per chunk: a multiple of every vector width, so chunk boundaries fall where the
    /// serial loop's vectors do. At the roughly 1 ns per element of an optimizer update, a chunk
    /// takes about 16 us, several times the cost of starting a phase.
    /// </summary>
    public const int ChunkLength = 16384;

    private int _length;

    /// <summary>
    /// Runs the pass over <paramref name="length"/> elements with up to <paramref name="threads"/> threads. A pass of one chunk, or one
    /// that finds the workers busy with another caller's product, runs on the calling thread.
    /// </summary>
    public void Run(int length, int threads)
    {
        int chunks = (int)(((long)length + ChunkLength - 1) / ChunkLength);
        if (threads < 2 || chunks < 2 || chunks > WorkerPool.MaxUnits || !WorkerPool.TryAcquire())
        {
            RunRange(0, length);
            return;
        }

        try
        {
            _length = length;
            WorkerPool.RunPhase(this, chunks, Math.Min(threads, chunks) - 1);
        }
        finally
        {
            WorkerPool.Release();
        }
    }

    /// <inheritdoc/>
    public sealed override void RunUnit(int unit)
    {
        int start = unit * ChunkLength;
        RunRange(start, Math.Min(ChunkLength, _length - start));
    }

    /// <summary>Runs the pass over elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    protected abstract void RunRange(int start, int count);
}
