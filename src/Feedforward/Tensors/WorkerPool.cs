using System.Diagnostics;

namespace Feedforward.Tensors;

/// <summary>Work split over a fixed number of threads; <see cref="Execute"/> runs once on each.</summary>
internal abstract class ParallelWork
{
    /// <summary>Runs the share of thread <paramref name="thread"/> (0 is the calling thread).</summary>
    public abstract void Execute(int thread);
}

/// <summary>
/// Long-lived worker threads for the kernels. A call wakes workers directly instead of going
/// through Parallel.For, whose per-call cost is comparable to a whole product at batch 32 (see
/// the bench's threads mode). Workers spin briefly after each job, so the next product of a
/// training step finds them awake, then sleep on a semaphore.
/// </summary>
/// <remarks>
/// One product at a time uses the workers. A caller that finds them busy (another thread is
/// multiplying) runs single-threaded, so concurrent callers never oversubscribe the cores.
/// </remarks>
internal static class WorkerPool
{
    // Long enough to bridge the element-wise work between two products of a training step, short
    // enough that an idle library gives the core back to other processes quickly.
    private const int SpinMicroseconds = 100;

    private static readonly Lock Gate = new();
    private static Worker[] s_workers = [];
    private static int s_remaining;

    /// <summary>Takes the workers for one product; false when another product is using them.</summary>
    public static bool TryAcquire() => Gate.TryEnter();

    /// <summary>Returns the workers taken by <see cref="TryAcquire"/>.</summary>
    public static void Release() => Gate.Exit();

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread and <paramref name="threads"/> - 1 workers,
    /// and returns when all have finished. The caller must hold the workers.
    /// </summary>
    public static void Run(ParallelWork work, int threads)
    {
        Debug.Assert(Gate.IsHeldByCurrentThread, "the caller must hold the workers");
        EnsureWorkers(threads - 1);
        Volatile.Write(ref s_remaining, threads - 1);
        for (int i = 0; i < threads - 1; i++)
        {
            s_workers[i].Start(work);
        }

        work.Execute(0);

        SpinWait wait = default;
        while (Volatile.Read(ref s_remaining) != 0)
        {
            wait.SpinOnce(sleep1Threshold: -1);
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

        private readonly int _index;
        private readonly SemaphoreSlim _wake = new(0);
        private ParallelWork? _work;
        private int _signaled;
        private int _sleeping;

        public Worker(int index)
        {
            _index = index;
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"Feedforward kernel worker {index}",
            };
            thread.Start();
        }

        public void Start(ParallelWork work)
        {
            _work = work;
            Volatile.Write(ref _signaled, 1);

            // The exchange is a full fence, so either the worker reads the signal before it
            // sleeps, or this reads its sleeping flag and wakes it.
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        private void Loop()
        {
            while (true)
            {
                WaitForSignal();
                Volatile.Write(ref _signaled, 0);
                ParallelWork work = _work!;
                _work = null;
                try
                {
                    work.Execute(_index);
                }
                finally
                {
                    Interlocked.Decrement(ref s_remaining);
                }
            }
        }

        private void WaitForSignal()
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref _signaled) == 0)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _signaled) != 0 && Interlocked.Exchange(ref _sleeping, 0) == 1)
                {
                    // The signal came between the timeout and the flag, and Start has not seen the flag.
                    return;
                }

                // Either still unsignaled, or Start took the flag and released the semaphore.
                _wake.Wait();
                return;
            }
        }
    }
}

/// <summary>A sense-reversing barrier that spins (yielding, never sleeping) for short waits between kernel phases.</summary>
internal sealed class SpinBarrier
{
    private int _participants;
    private int _remaining;
    private int _sense;

    /// <summary>Prepares the barrier for <paramref name="participants"/> threads; call before they start.</summary>
    public void Reset(int participants)
    {
        _participants = participants;
        _remaining = participants;
        _sense = 0;
    }

    /// <summary>Waits until all participants have arrived.</summary>
    public void SignalAndWait()
    {
        int sense = Volatile.Read(ref _sense);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _remaining = _participants;
            Volatile.Write(ref _sense, sense ^ 1);
            return;
        }

        SpinWait wait = default;
        while (Volatile.Read(ref _sense) == sense)
        {
            wait.SpinOnce(sleep1Threshold: -1);
        }
    }
}
