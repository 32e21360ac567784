using System.Diagnostics;
using System.Globalization;
using Feedforward.Tensors;

namespace Feedforward.Bench;

/// <summary>
/// Times Gemm.Multiply against OpenBLAS sgemm on the same operands, alternating the two within
/// each repetition, and prints one markdown row per shape, transposition and thread count.
/// </summary>
internal static class GemmBench
{
    // Each timed sample repeats the product until it has run at least this long, so short
    // products are not dominated by timer resolution.
    private const double SampleSeconds = 0.02;

    // What the second column times: OpenBLAS, or Feedforward itself with one change undone.
    // own-packing: each parallel unit packs its own rows of A. phases: no product runs as
    // independent row slices. unpipelined: no product packs a depth block during the previous one.
    // narrow-stores: packing stores only the lanes of each step of a 6- or 4-wide B panel.
    private static string s_against = "openblas";

    private sealed record Shape(string Name, string Group, int M, int N, int K);

    public static unsafe void Run(string[] options)
    {
        int repetitions = int.Parse(Option(options, "--reps", "7"), CultureInfo.InvariantCulture);
        int[] threadCounts = Option(options, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        string set = Option(options, "--set", "all");
        string[] cases = Option(options, "--cases", "NN,NT,TN,TT").Split(',');
        string filter = Option(options, "--filter", "");
        s_against = Option(options, "--against", "openblas");
        if (s_against is not ("openblas" or "own-packing" or "phases" or "unpipelined" or "narrow-stores"))
        {
            throw new ArgumentException($"invalid --against value '{s_against}': expected openblas, own-packing, phases, unpipelined or narrow-stores");
        }
        // The measured peak drops when other processes share the core, so a quiet-machine value
        // can be given instead.
        double peak = options.Contains("--peak")
            ? double.Parse(Option(options, "--peak", "0"), CultureInfo.InvariantCulture)
            : PeakBench.MeasureGflops();

        Console.WriteLine($"OpenBLAS core: {OpenBlas.CoreName}; processors: {Environment.ProcessorCount}; " +
            $"FMA peak of one core: {peak:F1} GFLOP/s; repetitions: {repetitions}");
        Console.WriteLine();
        Console.WriteLine("| shape | group | m | n | k | op | threads | ours GFLOP/s | OpenBLAS GFLOP/s | ours/OpenBLAS | ours % of peak |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");

        // Let tiered compilation finish with the dispatch code before anything is timed.
        foreach (string op in cases)
        {
            Measure(new Shape("warm-up", "", 96, 40, 64), op, 1, 3);
        }

        var ratios = new List<(string Group, int Threads, double Ratio)>();
        foreach (Shape shape in Shapes(set).Where(s => s.Name.Contains(filter, StringComparison.Ordinal)))
        {
            foreach (int threads in threadCounts)
            {
                foreach (string op in cases)
                {
                    (double ours, double blas) = Measure(shape, op, threads, repetitions);
                    double ratio = ours / blas;
                    ratios.Add((shape.Group, threads, ratio));
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {shape.Name} | {shape.Group} | {shape.M} | {shape.N} | {shape.K} | {op} | {threads} | {ours:F1} | {blas:F1} | {ratio:F2} | {100 * ours / (peak * threads):F0}% |"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| group | threads | min ratio | median ratio | max ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var g in ratios.GroupBy(r => (r.Group, r.Threads)))
        {
            var values = g.Select(r => r.Ratio).Order().ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {g.Key.Group} | {g.Key.Threads} | {values[0]:F2} | {values[values.Count / 2]:F2} | {values[^1]:F2} |"));
        }
    }

    private static IEnumerable<Shape> Shapes(string set)
    {
        if (set is "all" or "square")
        {
            foreach (int n in new[] { 64, 128, 256, 512, 1024, 2048 })
            {
                yield return new Shape($"square {n}", n >= 256 ? "square n>=256" : "square n<256", n, n, n);
            }
        }

        if (set is "all" or "network")
        {
            var seen = new HashSet<(int, int, int)>();
            foreach (int[] layers in new[] { new[] { 784, 256, 128, 10 }, new[] { 784, 1024, 1024, 10 } })
            {
                string net = string.Join('-', layers);
                foreach (int batch in new[] { 32, 128, 1024 })
                {
                    for (int l = 1; l < layers.Length; l++)
                    {
                        int units = layers[l];
                        int inputs = layers[l - 1];
                        string group = units == 10 ? "10-row output" : "network";

                        // Z = W A, dW = dZ A^T, dA = W^T dZ (the last has 10 inner steps at the output layer).
                        foreach (Shape s in new[]
                        {
                            new Shape($"{net} b{batch} L{l} Z=WA", group, units, batch, inputs),
                            new Shape($"{net} b{batch} L{l} dW=dZA'", group, units, inputs, batch),
                            new Shape($"{net} b{batch} L{l} dA=W'dZ", units == 10 ? "10-deep output" : "network", inputs, batch, units),
                        })
                        {
                            if (seen.Add((s.M, s.N, s.K)))
                            {
                                yield return s;
                            }
                        }
                    }
                }
            }
        }
    }

    private static unsafe (double Ours, double Blas) Measure(Shape shape, string op, int threads, int repetitions)
    {
        int m = shape.M;
        int n = shape.N;
        int k = shape.K;
        Transpose ta = op[0] == 'T' ? Transpose.Transposed : Transpose.None;
        Transpose tb = op[1] == 'T' ? Transpose.Transposed : Transpose.None;
        var random = new Random(42);
        Matrix<float> a = RandomMatrix(random, ta == Transpose.None ? m : k, ta == Transpose.None ? k : m);
        Matrix<float> b = RandomMatrix(random, tb == Transpose.None ? k : n, tb == Transpose.None ? n : k);
        var c = new Matrix<float>(m, n);
        var cBlas = new Matrix<float>(m, n);

        Parallelism.MaxThreads = threads;
        OpenBlas.SetNumThreads(threads);

        fixed (float* pa = a.Buffer, pb = b.Buffer, pc = cBlas.Buffer)
        {
            float* ptrA = pa;
            float* ptrB = pb;
            float* ptrC = pc;
            void Ours() => Gemm.Multiply(ta, tb, 1f, a, b, 0f, c);
            void Blas()
            {
                if (s_against != "openblas")
                {
                    // Undo the one change named by --against, then restore the defaults.
                    (bool shareA, bool pipeline, long rowSliceMaxB, bool overlapping) = (GemmDriverSettings.ShareA, GemmDriverSettings.Pipeline, GemmDriverSettings.RowSliceMaxB, GemmDriverSettings.OverlappingStores);
                    GemmDriverSettings.ShareA = shareA && s_against != "own-packing";
                    GemmDriverSettings.Pipeline = pipeline && s_against != "unpipelined";
                    GemmDriverSettings.RowSliceMaxB = s_against == "phases" ? 0 : rowSliceMaxB;
                    GemmDriverSettings.OverlappingStores = overlapping && s_against != "narrow-stores";
                    Gemm.Multiply(ta, tb, 1f, a, b, 0f, cBlas);
                    (GemmDriverSettings.ShareA, GemmDriverSettings.Pipeline, GemmDriverSettings.RowSliceMaxB, GemmDriverSettings.OverlappingStores) = (shareA, pipeline, rowSliceMaxB, overlapping);
                    return;
                }

                OpenBlas.Sgemm(
                    OpenBlas.ColumnMajor,
                    ta == Transpose.None ? OpenBlas.NoTrans : OpenBlas.Trans,
                    tb == Transpose.None ? OpenBlas.NoTrans : OpenBlas.Trans,
                    m, n, k, 1f, ptrA, a.Rows, ptrB, b.Rows, 0f, ptrC, m);
            }

            Ours();
            Blas();
            CheckAgreement(c, cBlas, k);

            // Calibrate once so both sides repeat the product equally often.
            long start = Stopwatch.GetTimestamp();
            Ours();
            double once = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-7);
            int iterations = (int)Math.Clamp(Math.Ceiling(SampleSeconds / once), 1, 1_000_000);

            var ours = new List<double>();
            var blas = new List<double>();
            for (int rep = 0; rep < repetitions; rep++)
            {
                // Alternate which side goes first, so neither always runs on a warmer cache.
                if (rep % 2 == 0)
                {
                    ours.Add(Time(Ours, iterations, threads));
                    LetWorkersSleep(threads);
                    blas.Add(Time(Blas, iterations, threads));
                }
                else
                {
                    blas.Add(Time(Blas, iterations, threads));
                    LetWorkersSleep(threads);
                    ours.Add(Time(Ours, iterations, threads));
                }

                LetWorkersSleep(threads);
            }

            double flops = 2.0 * m * n * k;
            return (flops / Median(ours) / 1e9, flops / Median(blas) / 1e9);
        }
    }

    // Both libraries keep their idle worker threads spinning for a while after a product, so
    // that the next one starts at once. Feedforward spins for 100 us. OpenBLAS spins for 2^N
    // cycles, with N from OPENBLAS_THREAD_TIMEOUT: 28 by default (about 0.1 s here), and 20
    // (about 0.4 ms) in run-gemm.sh. A side timed while the other's workers spin loses a core.
    private static void LetWorkersSleep(int threads)
    {
        if (threads > 1)
        {
            Thread.Sleep(5);
        }
    }

    // One thread is timed by its CPU time, which is immune to waiting for a core on a shared
    // machine. Two threads need wall time, so their numbers are only as good as the machine is idle.
    private static double Time(Action action, int iterations, int threads)
    {
        if (threads == 1)
        {
            double cpuStart = ThreadClock.Seconds;
            for (int i = 0; i < iterations; i++)
            {
                action();
            }

            return (ThreadClock.Seconds - cpuStart) / iterations;
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / iterations;
    }

    private static void CheckAgreement(Matrix<float> ours, Matrix<float> blas, int k)
    {
        Span<float> x = ours.AsSpan();
        Span<float> y = blas.AsSpan();
        for (int i = 0; i < x.Length; i++)
        {
            if (Math.Abs(x[i] - y[i]) > 1e-5f * (k + 1))
            {
                throw new InvalidOperationException($"results differ at element {i}: ours {x[i]}, OpenBLAS {y[i]}");
            }
        }
    }

    private static Matrix<float> RandomMatrix(Random random, int rows, int columns)
    {
        var matrix = new Matrix<float>(rows, columns);
        Span<float> values = matrix.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return matrix;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string Option(string[] options, string name, string fallback)
    {
        int index = Array.IndexOf(options, name);
        return index >= 0 && index + 1 < options.Length ? options[index + 1] : fallback;
    }
}
