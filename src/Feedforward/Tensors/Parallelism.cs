namespace Feedforward.Tensors;

/// <summary>Library-wide limits on how many threads the tensor kernels use.</summary>
public static class Parallelism
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The maximum number of threads one matrix product or one Adam update uses, counting the
    /// calling thread.
    /// Defaults to <see cref="Environment.ProcessorCount"/>; values above it are capped to it, so
    /// the kernels never run more threads than there are processors. Set 1 for single-threaded runs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxThreads
    {
        get => Volatile.Read(ref s_maxThreads);
        set
        {
            Guard.Positive(value);
            Volatile.Write(ref s_maxThreads, value);
        }
    }

    /// <summary>The thread count kernels may use now: <see cref="MaxThreads"/> capped to the processor count.</summary>
    internal static int AvailableThreads => Math.Min(MaxThreads, Environment.ProcessorCount);
}
