using System.Diagnostics;
using System.Globalization;

namespace Feedforward.Bench.Training;

/// <summary>
/// Training throughput of both frameworks while another process keeps one core busy, against
/// the same with the core free. Quiet and busy repetitions alternate, so drift in the machine's
/// load falls on both. A framework that waits for a thread the busy process has preempted shows
/// it here as a busy / quiet ratio far below the one-thread share of the machine.
/// </summary>
internal static class BusyCore
{
    private const int Seed = 42;

    // A framework that collapses may run many times slower than when quiet, so a repetition
    // stops at this many times its quiet length.
    private const double SlowdownCap = 10;

    public static IEnumerable<string> Measure(SyntheticData data, BenchOptions options)
    {
        yield return "| model | batch | framework | threads | quiet ex/s | one core busy ex/s | busy / quiet |";
        yield return "| --- | ---: | --- | ---: | ---: | ---: | ---: |";
        foreach (ModelShape model in options.Models)
        {
            foreach (int batchSize in options.BatchSizes)
            {
                foreach (string line in MeasureOne(model, batchSize, data, options))
                {
                    yield return line;
                }
            }
        }
    }

    private static IEnumerable<string> MeasureOne(ModelShape model, int batchSize, SyntheticData data, BenchOptions options)
    {
        var feedforward = new FeedforwardSide(model, data, Seed);
        using var torch = new TorchSide(model, data, feedforward.Network);
        long step = 0;
        var runs = new List<Run>();
        foreach (int threads in options.ThreadCounts)
        {
            runs.Add(new Run("Feedforward", threads, () => feedforward.Step(step++, batchSize), options.SecondsPerRepetition));
            runs.Add(new Run("TorchSharp", threads, () => torch.Step(step++, batchSize), options.SecondsPerRepetition));
        }

        foreach (Run run in runs)
        {
            run.Prepare();
        }

        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            foreach (bool busy in rep % 2 == 0 ? new[] { false, true } : [true, false])
            {
                using Spinner? spinner = busy ? Spinner.Start() : null;
                foreach (Run run in runs)
                {
                    run.Time(busy, batchSize);
                }
            }
        }

        foreach (Run run in runs)
        {
            double quiet = Timing.Median(run.Quiet);
            double busy = Timing.Median(run.Busy);
            yield return string.Create(CultureInfo.InvariantCulture, $"| {model.Name} | {batchSize} | {run.Framework} | {run.Threads} | {quiet:F0} | {busy:F0} | {busy / quiet:F2} |");
        }

        FeedforwardSide.TrySetMaxThreads(1);
        TorchSharp.torch.set_num_threads(1);
    }

    /// <summary>One framework at one thread count, with its quiet and busy throughputs.</summary>
    private sealed class Run(string framework, int threads, Action step, double secondsPerRepetition)
    {
        private int _steps;

        public string Framework => framework;

        public int Threads => threads;

        public List<double> Quiet { get; } = [];

        public List<double> Busy { get; } = [];

        public void Prepare()
        {
            SetThreads();
            Timing.WarmUp(0.3, 5, step);
            double perStep = Timing.Seconds(3, step) / 3;
            _steps = Timing.CallsPerRepetition(secondsPerRepetition, perStep);
        }

        public void Time(bool busy, int batchSize)
        {
            SetThreads();

            // Stops early when the busy core slows the steps beyond the cap, and counts the
            // steps done by then.
            double limit = SlowdownCap * secondsPerRepetition;
            long start = Stopwatch.GetTimestamp();
            int done = 0;
            while (done < _steps && Stopwatch.GetElapsedTime(start).TotalSeconds < limit)
            {
                step();
                done++;
            }

            double examplesPerSecond = done * batchSize / Stopwatch.GetElapsedTime(start).TotalSeconds;
            (busy ? Busy : Quiet).Add(examplesPerSecond);
        }

        private void SetThreads()
        {
            if (framework == "Feedforward")
            {
                FeedforwardSide.TrySetMaxThreads(threads);
            }
            else
            {
                TorchSharp.torch.set_num_threads(threads);
            }
        }
    }

    /// <summary>
    /// A shell loop that keeps one core busy until disposed. It runs under `timeout`, so it also
    /// ends by itself if this process dies without disposing it.
    /// </summary>
    private sealed class Spinner : IDisposable
    {
        private const int SafetySeconds = 120;

        private readonly Process _process;

        private Spinner(Process process) => _process = process;

        public static Spinner Start()
        {
            var info = new ProcessStartInfo("timeout", [SafetySeconds.ToString(CultureInfo.InvariantCulture), "sh", "-c", "while :; do :; done"])
            {
                UseShellExecute = false,
            };
            var process = Process.Start(info) ?? throw new InvalidOperationException("failed to start the busy loop: timeout sh -c 'while :; do :; done'. Check that coreutils timeout and sh are installed.");

            // Let the loop reach its first iteration before the timing starts.
            Thread.Sleep(50);
            return new Spinner(process);
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
