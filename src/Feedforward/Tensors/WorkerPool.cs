using System.Diagnostics;

namespace Feedforward.Tensors;

/// <summary>A phase of parallel work made of independent units, which any thread may run.</summary>
internal abstract class PhaseWork
{
    /// <summary>Runs unit <paramref name="unit"/> of the current phase on the calling thread.</summary>
    public abstract void RunUnit(int unit);
}

/// <summary>
/// Long-lived worker threads for the kernels. A product has two phases per KC x NC block, so
/// their start must be cheap. In the bench's threads mode on a loaded 2-core machine, an empty
/// two-way Parallel.For cost 4 to 27 us per call, while the second thread added under 1 us to
/// a whole product. Workers spin briefly after each phase, so the next phase or product finds
/// them awake, then sleep on a semaphore.
/// </summary>
/// <remarks>
/// <para>
/// Units are claimed dynamically, and the calling thread claims them too. On a loaded machine a
/// worker may get no core for milliseconds; with a static split every phase would wait for it,
/// while here the caller finishes the units the worker has not claimed. A phase ends when all
/// its units are done.
/// </para>
/// <para>
/// One product at a time uses the workers. A caller that finds them busy (another thread is
/// multiplying) runs single-threaded, so concurrent callers never oversubscribe the cores.
/// </para>
/// </remarks>
internal static class WorkerPool
{
    // Long enough to bridge the element-wise work between two products of a training step, short
    // enough that an idle library gives the core back to other processes quickly.
    private const int SpinMicroseconds = 100;

    private static readonly Lock Gate = new();
    private static Worker[] s_workers = [];

    /// <summary>The most units one phase may have.</summary>
    public const int MaxUnits = ushort.MaxValue;

    // The phase's generation (high 32 bits), its unit count (16 bits) and its next unclaimed
    // unit (low 16 bits), in one word so a claim is checked against all three at once. A late
    // worker's claim on a finished phase then fails, and it can never pair an old phase's claim
    // with a new phase's unit count.
    private static long s_claim;
    private static PhaseWork? s_work;
    private static int s_done;

    /// <summary>Takes the workers for one product; false when another product is using them.</summary>
    public static bool TryAcquire() => Gate.TryEnter();

    /// <summary>Returns the workers taken by <see cref="TryAcquire"/>.</summary>
    public static void Release() => Gate.Exit();

    /// <summary>
    /// Runs units 0 to <paramref name="units"/> - 1 of <paramref name="work"/> on the calling
    /// thread and up to <paramref name="helpers"/> workers, and returns when all are done. The
    /// caller must hold the workers.
    /// </summary>
    public static void RunPhase(PhaseWork work, int units, int helpers)
    {
        Debug.Assert(Gate.IsHeldByCurrentThread, "the caller must hold the workers");
        Debug.Assert(units <= MaxUnits, "a phase has at most MaxUnits units");
        EnsureWorkers(helpers);
        int generation = (int)(Volatile.Read(ref s_claim) >> 32) + 1;
        s_work = work;
        s_done = 0;
        Volatile.Write(ref s_claim, ((long)generation << 32) | ((long)units << 16));
        for (int i = 0; i < helpers; i++)
        {
            s_workers[i].Wake();
        }

        RunUnits(generation);

        while (Volatile.Read(ref s_done) != units)
        {
            Thread.SpinWait(20);
        }
    }

    // Claims and runs units of phase `generation` until none is left or the phase has ended.
    private static void RunUnits(int generation)
    {
        while (true)
        {
            long claim = Volatile.Read(ref s_claim);
            int unit = (int)(claim & 0xFFFF);
            int units = (int)((claim >> 16) & 0xFFFF);
            if ((int)(claim >> 32) != generation || unit >= units)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref s_claim, claim + 1, claim) != claim)
            {
                continue;
            }

            // The phase cannot end while this unit is unfinished, so its work stays current.
            s_work!.RunUnit(unit);
            Interlocked.Increment(ref s_done);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
        {
            return;
        }

        var workers = new Worker[count];
        s_workers.CopyTo(workers, 0);
        for (int i = s_workers.Length; i < count; i++)
        {
            workers[i] = new Worker(i + 1);
        }

        s_workers = workers;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Workers live as long as the process, so their semaphores are never disposed.")]
    private sealed class Worker
    {
        private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

        private readonly SemaphoreSlim _wake = new(0);
        private int _sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"Feedforward kernel worker {index}",
            };
            thread.Start();
        }

        public void Wake()
        {
            // The exchange is a full fence, so either the worker reads the new generation before
            // it sleeps, or this reads its sleeping flag and wakes it.
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                seen = WaitForPhase(seen);
                RunUnits(seen);
            }
        }

        // Returns the generation of a phase newer than `seen`, spinning first and then sleeping.
        private int WaitForPhase(int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                int generation = (int)(Volatile.Read(ref s_claim) >> 32);
                if (generation != seen)
                {
                    return generation;
                }

                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                Interlocked.Exchange(ref _sleeping, 1);
                if ((int)(Volatile.Read(ref s_claim) >> 32) != seen && Interlocked.Exchange(ref _sleeping, 0) == 1)
                {
                    // A phase came between the timeout and the flag, and Wake has not seen the flag.
                    continue;
                }

                // Either still no phase, or Wake took the flag and released the semaphore.
                _wake.Wait();
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
