using System.Globalization;

namespace Feedforward.Bench.Training;

/// <summary>Markdown tables of the results.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IEnumerable<string> TrainingTable(IReadOnlyList<TrainingResult> results, double peakGflopsPerCore)
    {
        yield return $"| model | batch | threads | Feedforward ex/s | TorchSharp ex/s | FF/Torch | FF GFLOP/s (% of {F0(peakGflopsPerCore)}/core) | Torch GFLOP/s (%) | FF bytes/step | loss diff, first {3} steps | steps/rep |";
        yield return "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
        foreach (TrainingResult r in results)
        {
            double ffGflops = r.Feedforward * r.Model.TrainingFlopsPerExample / 1e9;
            double torchGflops = r.Torch * r.Model.TrainingFlopsPerExample / 1e9;
            double peak = peakGflopsPerCore * r.Threads;
            yield return $"| {r.Model.Name} | {r.BatchSize} | {r.Threads} | {F0(r.Feedforward)} | {F0(r.Torch)} | {F2(r.Ratio)} | " +
                $"{F1(ffGflops)} ({F1(100 * ffGflops / peak)}%) | {F1(torchGflops)} ({F1(100 * torchGflops / peak)}%) | " +
                $"{F0(r.AllocatedBytesPerStep)} (all threads {F0(r.ProcessAllocatedBytesPerStep)}) | {r.MaxLossDifference.ToString("G2", Invariant)} | {r.StepsPerRepetition} |";
        }
    }

    public static IEnumerable<string> ScalingTable(IReadOnlyList<TrainingResult> results)
    {
        yield return "| model | batch | Feedforward 2 threads / 1 | TorchSharp 2 threads / 1 |";
        yield return "| --- | ---: | ---: | ---: |";
        foreach (TrainingResult one in results.Where(r => r.Threads == 1))
        {
            TrainingResult? two = results.FirstOrDefault(r => r.Threads == 2 && r.Model == one.Model && r.BatchSize == one.BatchSize);
            if (two is not null)
            {
                yield return $"| {one.Model.Name} | {one.BatchSize} | {F2(two.Feedforward / one.Feedforward)} | {F2(two.Torch / one.Torch)} |";
            }
        }
    }

    public static IEnumerable<string> InferenceTable(IReadOnlyList<InferenceResult> results)
    {
        yield return "| model | threads | batch | Feedforward ex/s | TorchSharp ex/s | FF/Torch | FF latency, 1 example (µs) | Torch latency (µs) | Torch/FF latency |";
        yield return "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
        foreach (InferenceResult r in results)
        {
            yield return $"| {r.Model.Name} | {r.Threads} | {r.BatchSize} | {F0(r.Feedforward)} | {F0(r.Torch)} | {F2(r.Feedforward / r.Torch)} | " +
                $"{F1(r.FeedforwardLatencySeconds * 1e6)} | {F1(r.TorchLatencySeconds * 1e6)} | {F2(r.TorchLatencySeconds / r.FeedforwardLatencySeconds)} |";
        }
    }

    public static IEnumerable<string> MemoryTable(IReadOnlyList<MemoryResult> results)
    {
        yield return "| model | runtime and data only (MiB) | Feedforward (MiB) | TorchSharp (MiB) | Feedforward above baseline | TorchSharp above baseline |";
        yield return "| --- | ---: | ---: | ---: | ---: | ---: |";
        foreach (IGrouping<ModelShape, MemoryResult> model in results.GroupBy(r => r.Model))
        {
            double baseline = Mib(model, MemoryProbe.Baseline);
            double feedforward = Mib(model, MemoryProbe.Feedforward);
            double torch = Mib(model, MemoryProbe.TorchSharp);
            yield return $"| {model.Key.Name} | {F1(baseline)} | {F1(feedforward)} | {F1(torch)} | {F1(feedforward - baseline)} | {F1(torch - baseline)} |";
        }
    }

    /// <summary>
    /// The project's speed targets against the measured medians. For a ratio to TorchSharp the
    /// last column is the highest ratio any framework could reach here: the FMA peak of the cores
    /// used over TorchSharp's measured FLOP rate.
    /// </summary>
    public static IEnumerable<string> Targets(IReadOnlyList<TrainingResult> training, IReadOnlyList<InferenceResult> inference, double peakGflopsPerCore)
    {
        yield return $"| target | measured | met | highest FF/Torch at {F0(peakGflopsPerCore)} GFLOP/s per core |";
        yield return "| --- | --- | --- | --- |";
        foreach ((int batch, double goal) in new[] { (32, 2.0), (128, 2.5), (1024, 1.5) })
        {
            foreach (TrainingResult r in training.Where(r => r.Threads == 1 && r.BatchSize == batch))
            {
                double ceiling = peakGflopsPerCore / (r.Torch * r.Model.TrainingFlopsPerExample / 1e9);
                yield return Row($"training, 1 thread, batch {batch}, {r.Model.Name}: FF/Torch >= {F1(goal)}", r.Ratio, goal, F2(ceiling));
            }
        }

        // The two-core target covers batch 128 and 1024 only.
        foreach (TrainingResult two in training.Where(r => r.Threads == 2 && r.BatchSize >= 128))
        {
            TrainingResult? one = training.FirstOrDefault(r => r.Threads == 1 && r.Model == two.Model && r.BatchSize == two.BatchSize);
            if (one is not null)
            {
                yield return Row($"training, batch {two.BatchSize}, {two.Model.Name}: FF 2 threads / 1 thread >= 1.7", two.Feedforward / one.Feedforward, 1.7, "");
            }
        }

        foreach (InferenceResult r in inference)
        {
            double ceiling = peakGflopsPerCore * r.Threads / (r.Torch * r.Model.InferenceFlopsPerExample / 1e9);
            yield return Row($"inference, {r.Threads} thread(s), batch {r.BatchSize}, {r.Model.Name}: FF/Torch >= 2.0", r.Feedforward / r.Torch, 2.0, F2(ceiling));
        }
    }

    private static string Row(string target, double measured, double goal, string ceiling) =>
        $"| {target} | {F2(measured)} | {(measured >= goal ? "yes" : "no")} | {ceiling} |";

    private static double Mib(IEnumerable<MemoryResult> results, string framework) =>
        results.First(r => r.Framework == framework).PeakWorkingSetBytes / (1024.0 * 1024.0);

    private static string F0(double value) => value.ToString("F0", Invariant);

    private static string F1(double value) => value.ToString("F1", Invariant);

    private static string F2(double value) => value.ToString("F2", Invariant);
}
