using System.Diagnostics;
using Feedforward.Tensors;

namespace Feedforward.Bench;

/// <summary>
/// Measures the per-call cost of an empty two-iteration Parallel.For, then times small products
/// on one thread and on two threads through the kernel workers, to place the single-thread
/// threshold.
/// </summary>
internal static class ThreadOverheadBench
{
    public static void Run()
    {
        const int calls = 20_000;
        for (int round = 0; round < 3; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                Parallel.For(0, 2, static _ => { });
            }

            double parallelFor = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
            Console.WriteLine($"Parallel.For(0, 2) empty body: {parallelFor:F2} us per call");
        }

        Console.WriteLine();
        Console.WriteLine("| m x n x k | 1 thread us | 2 threads us | ratio 2/1 |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (int size in new[] { 16, 24, 32, 48, 64, 80, 96, 128, 192, 256 })
        {
            var a = new Matrix<float>(size, size);
            var b = new Matrix<float>(size, size);
            var c = new Matrix<float>(size, size);
            a.AsSpan().Fill(0.5f);
            b.AsSpan().Fill(0.25f);
            var singleThread = new List<double>();
            var twoThreads = new List<double>();
            int iterations = Math.Max(20, (int)(4e8 / (2.0 * size * size * size)));
            for (int rep = 0; rep < 7; rep++)
            {
                singleThread.Add(Time(1));
                twoThreads.Add(Time(-2));
            }

            double t1 = Median(singleThread);
            double t2 = Median(twoThreads);
            Console.WriteLine($"| {size} x {size} x {size} | {t1:F2} | {t2:F2} | {t2 / t1:F2} |");

            double Time(int threads)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < iterations; i++)
                {
                    GemmKernels.Multiply(Transpose.None, Transpose.None, size, size, size, 1f, a, b, 0f, c, GemmKernels.BestPath, threads);
                }

                return Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
            }
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
