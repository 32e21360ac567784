namespace Feedforward.Bench.Training;

/// <summary>Command-line settings of the training benchmark.</summary>
internal sealed class BenchOptions
{
    /// <summary>Timed repetitions per framework and configuration (at least 5).</summary>
    public int Repetitions { get; private set; } = 7;

    /// <summary>Wall-clock seconds that one timed repetition of the slower framework should take.</summary>
    public double SecondsPerRepetition { get; private set; } = 0.4;

    /// <summary>Single-example forward calls per latency block.</summary>
    public int LatencyCalls { get; private set; } = 200;

    /// <summary>Thread counts to run, each for both frameworks.</summary>
    public IReadOnlyList<int> ThreadCounts { get; private set; } = [1, 2];

    /// <summary>Training batch sizes.</summary>
    public IReadOnlyList<int> BatchSizes { get; private set; } = [32, 128, 1024];

    /// <summary>Nominal fp32 peak per core in GFLOP/s, for the share-of-peak columns.</summary>
    public double NominalPeakGflopsPerCore { get; private set; } = 256;

    /// <summary>Whether the stopwatch splits of a step are measured and printed.</summary>
    public bool Profile { get; private set; } = true;

    /// <summary>Batch sizes at which a step is split into parts (default 128 only).</summary>
    public IReadOnlyList<int> ProfileBatchSizes { get; private set; } = [128];

    /// <summary>Whether only the stopwatch splits run, without the throughput, inference and memory tables.</summary>
    public bool ProfileOnly { get; private set; }

    /// <summary>Whether only Feedforward's one-thread against two-thread training runs, without TorchSharp.</summary>
    public bool ScalingOnly { get; private set; }

    /// <summary>Whether only the quiet against one-core-busy training comparison runs.</summary>
    public bool BusyOnly { get; private set; }

    /// <summary>Whether only the element-wise parts of a step are timed, each on its own, without TorchSharp.</summary>
    public bool SplitsOnly { get; private set; }

    /// <summary>Models to run, by name (default all).</summary>
    public IReadOnlyList<ModelShape> Models { get; private set; } = ModelShape.All;

    /// <summary>Whether peak memory is measured in child processes.</summary>
    public bool Memory { get; private set; } = true;

    /// <summary>Set in a child process: the framework whose peak memory it reports.</summary>
    public string? MemoryProbe { get; private set; }

    /// <summary>Set in a child process: the model it builds.</summary>
    public string ProbeModel { get; private set; } = "";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options.Repetitions = 5;
                    options.SecondsPerRepetition = 0.12;
                    options.LatencyCalls = 100;
                    options.Profile = false;
                    break;
                case "--repetitions":
                    options.Repetitions = Math.Max(5, int.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "--seconds":
                    options.SecondsPerRepetition = double.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--threads":
                    options.ThreadCounts = ParseList(Value(args, ref i));
                    break;
                case "--batches":
                    options.BatchSizes = ParseList(Value(args, ref i));
                    break;
                case "--peak-gflops":
                    options.NominalPeakGflopsPerCore = double.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--no-profile":
                    options.Profile = false;
                    break;
                case "--profile-batches":
                    options.ProfileBatchSizes = ParseList(Value(args, ref i));
                    break;
                case "--profile-only":
                    options.ProfileOnly = true;
                    options.Profile = true;
                    break;
                case "--scaling-only":
                    options.ScalingOnly = true;
                    break;
                case "--busy-only":
                    options.BusyOnly = true;
                    break;
                case "--splits-only":
                    options.SplitsOnly = true;
                    break;
                case "--models":
                    options.Models = [.. Value(args, ref i).Split(',').Select(ModelShape.Find)];
                    break;
                case "--no-memory":
                    options.Memory = false;
                    break;
                case "--memory-probe":
                    options.MemoryProbe = Value(args, ref i);
                    options.ProbeModel = Value(args, ref i);
                    break;
                case "--help":
                    Console.WriteLine(Usage);
                    Environment.Exit(0);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}");
            }
        }

        return options;
    }

    private const string Usage =
        """
        usage: Feedforward.Bench.Training [options]
          --quick              5 repetitions of about 0.12 s each, no profile (about 2 minutes)
          --repetitions N      timed repetitions per framework and configuration, at least 5 (default 7)
          --seconds S          seconds per repetition of the slower framework (default 0.4)
          --threads LIST       thread counts, comma-separated (default 1,2)
          --batches LIST       training batch sizes, comma-separated (default 32,128,1024)
          --peak-gflops G      nominal fp32 peak per core in GFLOP/s for the share-of-peak columns (default 256)
          --no-profile         skip the stopwatch splits of a training step
          --profile-batches L  batch sizes of the stopwatch splits, comma-separated (default 128)
          --profile-only       run only the stopwatch splits
          --scaling-only       run only Feedforward at 1 and 2 threads, alternated, without TorchSharp
          --busy-only          run only both frameworks' training with one core free and with it busy (a shell loop)
          --splits-only        run only the element-wise parts of a step, each timed on its own
          --models LIST        model names, comma-separated (default 784-256-128-10,784-1024-1024-10)
          --no-memory          skip the peak-memory child processes
        """;

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"option '{args[i]}' needs a value\n{Usage}");
        }

        return args[++i];
    }

    private static int[] ParseList(string text) =>
        [.. text.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
