using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Feedforward.Bench.Training;

// Trains the same networks from the same weights on the same data with Feedforward and with
// TorchSharp-cpu, alternating the two, and prints markdown tables. Run it through
// bench/run-training.sh, which builds the libstdc++ shim that TorchSharp needs on Debian 12.

BenchOptions options = BenchOptions.Parse(args);
var data = new SyntheticData(examples: 4096, inputs: 784, classes: 10, seed: 1);

if (options.MemoryProbe is { } probe)
{
    return MemoryProbe.RunChild(probe, ModelShape.Find(options.ProbeModel), data);
}

if (options.SplitsOnly)
{
    foreach (string line in ElementwiseSplits.Measure(options))
    {
        Console.WriteLine(line);
    }

    return 0;
}

if (options.ScalingOnly)
{
    Console.WriteLine($"load average at the start: {LoadAverage()}");
    foreach (string line in Scaling.Measure(data, options))
    {
        Console.WriteLine(line);
    }

    Console.WriteLine($"load average at the end: {LoadAverage()}");
    return 0;
}

if (!TorchLoads(out string? loadError))
{
    Console.Error.WriteLine(
        $"TorchSharp failed to load its native library: {loadError}\n" +
        "On Debian 12 libLibTorchSharp.so needs GLIBCXX_3.4.32, which the system libstdc++ lacks. " +
        "Run the benchmark through bench/run-training.sh, which builds and preloads the shim.");
    return 3;
}

if (options.BusyOnly)
{
    Console.WriteLine($"load average at the start: {LoadAverage()}");
    foreach (string line in BusyCore.Measure(data, options))
    {
        Console.WriteLine(line);
    }

    Console.WriteLine($"load average at the end: {LoadAverage()}");
    return 0;
}

foreach (int batchSize in options.BatchSizes)
{
    if (batchSize < 1 || batchSize > data.Examples)
    {
        Console.Error.WriteLine($"invalid batch size {batchSize}: expected 1 to {data.Examples}");
        return 2;
    }
}

var benchmarks = new Benchmarks(options, data);
var output = new List<string>();
output.AddRange(MachineDescription(options));

Progress("warming up both frameworks");
SetThreads(options.ThreadCounts[0]);
benchmarks.WarmUpAll();

var training = new List<TrainingResult>();
var threadLimitFound = new Dictionary<int, bool>();
foreach (int threads in options.ProfileOnly ? [] : options.ThreadCounts)
{
    threadLimitFound[threads] = SetThreads(threads);
    foreach (ModelShape model in options.Models)
    {
        foreach (int batchSize in options.BatchSizes)
        {
            Progress($"training {model.Name}, batch {batchSize}, {threads} thread(s)");
            TrainingResult result = benchmarks.Training(model, batchSize, threads);
            training.Add(result);
            Progress($"  Feedforward {result.Feedforward:F0} ex/s, TorchSharp {result.Torch:F0} ex/s, ratio {result.Ratio:F2}, " +
                $"{result.StepsPerRepetition} steps/rep, FF runs [{string.Join(", ", result.FeedforwardRuns.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}], " +
                $"Torch runs [{string.Join(", ", result.TorchRuns.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}]");
        }
    }
}

var inference = new List<InferenceResult>();
foreach (int threads in options.ProfileOnly ? [] : options.ThreadCounts)
{
    SetThreads(threads);
    foreach (ModelShape model in options.Models)
    {
        Progress($"inference {model.Name}, batch 1024, {threads} thread(s)");
        inference.Add(benchmarks.Inference(model, 1024, threads));
    }
}

output.Add("");
output.Add(threadLimitFound.Values.All(found => found)
    ? "Feedforward's thread limit (Parallelism.MaxThreads) was set to each thread count."
    : "This Feedforward build has no Parallelism.MaxThreads, so it ran as is (its GEMM uses one thread); only TorchSharp's thread count changes between the thread rows.");
output.Add("");
output.Add("### Training throughput (examples per second, median of alternated repetitions)");
output.Add("");
output.AddRange(Report.TrainingTable(training, options.NominalPeakGflopsPerCore));
output.Add("");
output.Add("### Two threads against one");
output.Add("");
output.AddRange(Report.ScalingTable(training));
output.Add("");
output.Add("### Inference (forward only) and single-example latency (median)");
output.Add("");
output.AddRange(Report.InferenceTable(inference));

if (options.Memory && !options.ProfileOnly)
{
    Progress("peak memory, one child process per framework and model");
    output.Add("");
    output.Add("### Peak working set (child process per framework: 10 training steps and 10 forward passes at batch 1024, 1 thread)");
    output.Add("");
    output.AddRange(Report.MemoryTable(MemoryProbe.MeasureAll(options.Models)));
}

if (options.Profile)
{
    SetThreads(1);
    output.Add("");
    output.Add("### Where the time goes (stopwatch splits)");
    foreach (ModelShape model in options.Models)
    {
        foreach (int batchSize in options.ProfileBatchSizes)
        {
            Progress($"profile {model.Name}, batch {batchSize}");
            output.Add("");
            output.AddRange(benchmarks.Profile(model, batchSize));
        }
    }
}

output.Add("");
output.Add($"Load average at the end: {LoadAverage()}");
output.Add("");
output.Add("### Targets");
output.Add("");
output.AddRange(Report.Targets(training, inference, options.NominalPeakGflopsPerCore));

foreach (string line in output)
{
    Console.WriteLine(line);
}

return 0;

static bool TorchLoads(out string? error)
{
    try
    {
        TorchSharp.torch.get_num_threads();
        error = null;
        return true;
    }
    catch (TypeInitializationException e)
    {
        error = e.InnerException?.Message ?? e.Message;
        return false;
    }
}

static bool SetThreads(int threads)
{
    TorchSharp.torch.set_num_threads(threads);
    return FeedforwardSide.TrySetMaxThreads(threads);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

static void Progress(string message) =>
    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

static IEnumerable<string> MachineDescription(BenchOptions options)
{
    string cpu = "unknown CPU";
    double mhz = double.NaN;
    if (File.Exists("/proc/cpuinfo"))
    {
        foreach (string line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
            else if (line.StartsWith("cpu MHz", StringComparison.Ordinal) && double.IsNaN(mhz))
            {
                mhz = double.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            }
        }
    }

    // Two FMA pipes per core at the widest vector the JIT uses: an estimate, since clock boost
    // and double-pumped AVX-512 (Zen 4) change it.
    int lanes = 4;
    string isa = "SSE";
    if (Avx2.IsSupported && Fma.IsSupported)
    {
        lanes = 8;
        isa = "AVX2";
    }

    if (Vector512.IsHardwareAccelerated)
    {
        lanes = 16;
        isa = "AVX-512";
    }

    double estimatedPeak = 2 * 2 * lanes * mhz / 1000;
    yield return "### Machine";
    yield return "";
    yield return $"- CPU: {cpu}, {Environment.ProcessorCount} logical cores, widest SIMD {isa}, {mhz:F0} MHz reported";
    yield return $"- fp32 peak per core: nominal {options.NominalPeakGflopsPerCore:F0} GFLOP/s (used for the % columns); estimated for this CPU {estimatedPeak:F0} GFLOP/s (2 FMA x {lanes} lanes x 2 FLOPs x clock)";
    yield return $"- {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}";
    yield return $"- {options.Repetitions} timed repetitions per framework, about {options.SecondsPerRepetition} s each for the slower one; Server GC off";
    yield return $"- command: {Environment.CommandLine}";
    yield return $"- load average at the start (1, 5, 15 min, running/total, last pid): {LoadAverage()}";
}
