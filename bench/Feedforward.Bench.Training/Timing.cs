using System.Diagnostics;

namespace Feedforward.Bench.Training;

/// <summary>Stopwatch helpers and the median.</summary>
internal static class Timing
{
    /// <summary>Returns the seconds that <paramref name="count"/> calls of <paramref name="body"/> take.</summary>
    public static double Seconds(int count, Action body)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            body();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Calls <paramref name="body"/> at least <paramref name="minCalls"/> times and for at least <paramref name="minSeconds"/>.</summary>
    public static void WarmUp(double minSeconds, int minCalls, Action body)
    {
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < minCalls || Stopwatch.GetElapsedTime(start).TotalSeconds < minSeconds)
        {
            body();
            calls++;
        }
    }

    /// <summary>Returns the median time of one call, over <paramref name="samples"/> single calls.</summary>
    public static double MedianSeconds(int samples, Action body)
    {
        var times = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            times[i] = Seconds(1, body);
        }

        return Median(times);
    }

    /// <summary>
    /// Waits until idle worker threads of both frameworks sleep, so that neither is timed while
    /// the other's workers still spin on a core. Feedforward's spin for 100 us. The GNU OpenMP
    /// threads that libtorch uses spin for 300,000 iterations by default (GOMP_SPINCOUNT), unless
    /// libtorch sets a wait policy of its own, which was not checked.
    /// </summary>
    public static void LetWorkersSleep(int threads)
    {
        if (threads > 1)
        {
            Thread.Sleep(20);
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Picks the number of calls per timed repetition: enough for the slower of the two per-call
    /// times to fill <paramref name="secondsPerRepetition"/>, at least 1.
    /// </summary>
    public static int CallsPerRepetition(double secondsPerRepetition, double slowerSecondsPerCall) =>
        (int)Math.Clamp(Math.Round(secondsPerRepetition / slowerSecondsPerCall), 1, 1_000_000);
}
