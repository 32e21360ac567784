using Feedforward.Optimizers;

namespace Feedforward.Bench.Training;

/// <summary>
/// The timed comparisons. Every one builds both frameworks from the same weights and then
/// alternates them repetition by repetition, swapping which goes first, so drift and noise from
/// other work on the machine fall on both alike.
/// </summary>
internal sealed class Benchmarks(BenchOptions options, SyntheticData data)
{
    private const int Seed = 42;
    private const int SameStartSteps = 3;

    private double WarmUpSeconds => Math.Max(0.2, options.SecondsPerRepetition);

    /// <summary>
    /// Runs every code path of both frameworks for a while before any timing. The .NET tiered
    /// JIT recompiles a method at full optimization after about 30 calls, in the background, and
    /// libtorch creates its thread pool on first use.
    /// </summary>
    public void WarmUpAll()
    {
        foreach (ModelShape model in options.Models)
        {
            var feedforward = new FeedforwardSide(model, data, Seed);
            using var torch = new TorchSide(model, data, feedforward.Network);
            long step = 0;
            Timing.WarmUp(1.0, 100, () => feedforward.Step(step++, 32));
            Timing.WarmUp(0.3, 50, () => feedforward.Forward(step++, 1));
            Timing.WarmUp(0.3, 50, () => torch.Step(step++, 32));
            Timing.WarmUp(0.1, 50, () => torch.Forward(step++, 1));
        }
    }

    public TrainingResult Training(ModelShape model, int batchSize, int threads)
    {
        var feedforward = new FeedforwardSide(model, data, Seed);
        using var torch = new TorchSide(model, data, feedforward.Network);

        // Same weights, same batches: the losses of the first steps must agree.
        double maxLossDifference = 0;
        for (int s = 0; s < SameStartSteps; s++)
        {
            float j = feedforward.Step(s, batchSize);
            float loss = torch.Step(s, batchSize, readLoss: true);
            maxLossDifference = Math.Max(maxLossDifference, Math.Abs(j - loss));
        }

        long ffStep = SameStartSteps;
        long torchStep = SameStartSteps;
        Timing.WarmUp(WarmUpSeconds, 3, () => feedforward.Step(ffStep++, batchSize));
        Timing.WarmUp(WarmUpSeconds, 3, () => torch.Step(torchStep++, batchSize));
        double ffPerStep = Timing.Seconds(2, () => feedforward.Step(ffStep++, batchSize)) / 2;
        double torchPerStep = Timing.Seconds(2, () => torch.Step(torchStep++, batchSize)) / 2;
        int steps = Timing.CallsPerRepetition(options.SecondsPerRepetition, Math.Max(ffPerStep, torchPerStep));

        var ffRuns = new List<double>();
        var torchRuns = new List<double>();
        long allocated = 0;
        long processAllocated = 0;

        // Made once, so that creating the delegates does not count as allocation by a step.
        Action feedforwardStep = () => feedforward.Step(ffStep++, batchSize);
        Action torchStepAction = () => torch.Step(torchStep++, batchSize);
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            void RunFeedforward()
            {
                long threadBefore = GC.GetAllocatedBytesForCurrentThread();
                long processBefore = GC.GetTotalAllocatedBytes(precise: true);
                double seconds = Timing.Seconds(steps, feedforwardStep);
                allocated += GC.GetAllocatedBytesForCurrentThread() - threadBefore;
                processAllocated += GC.GetTotalAllocatedBytes(precise: true) - processBefore;
                ffRuns.Add(steps * batchSize / seconds);
            }

            void RunTorch() =>
                torchRuns.Add(steps * batchSize / Timing.Seconds(steps, torchStepAction));

            if (rep % 2 == 0)
            {
                RunFeedforward();
                Timing.LetWorkersSleep(threads);
                RunTorch();
            }
            else
            {
                RunTorch();
                Timing.LetWorkersSleep(threads);
                RunFeedforward();
            }

            Timing.LetWorkersSleep(threads);
        }

        double totalSteps = (double)steps * options.Repetitions;
        return new TrainingResult(
            model, batchSize, threads, [.. ffRuns], [.. torchRuns], steps,
            allocated / totalSteps, processAllocated / totalSteps, maxLossDifference);
    }

    public InferenceResult Inference(ModelShape model, int batchSize, int threads)
    {
        var feedforward = new FeedforwardSide(model, data, Seed);
        using var torch = new TorchSide(model, data, feedforward.Network);

        long call = 0;
        Timing.WarmUp(WarmUpSeconds, 3, () => feedforward.Forward(call++, batchSize));
        Timing.WarmUp(WarmUpSeconds, 3, () => torch.Forward(call++, batchSize));
        double ffPerCall = Timing.Seconds(3, () => feedforward.Forward(call++, batchSize)) / 3;
        double torchPerCall = Timing.Seconds(3, () => torch.Forward(call++, batchSize)) / 3;
        int calls = Timing.CallsPerRepetition(options.SecondsPerRepetition, Math.Max(ffPerCall, torchPerCall));

        var ffRuns = new List<double>();
        var torchRuns = new List<double>();
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            void RunFeedforward() =>
                ffRuns.Add(calls * batchSize / Timing.Seconds(calls, () => feedforward.Forward(call++, batchSize)));
            void RunTorch() =>
                torchRuns.Add(calls * batchSize / Timing.Seconds(calls, () => torch.Forward(call++, batchSize)));
            if (rep % 2 == 0)
            {
                RunFeedforward();
                Timing.LetWorkersSleep(threads);
                RunTorch();
            }
            else
            {
                RunTorch();
                Timing.LetWorkersSleep(threads);
                RunFeedforward();
            }

            Timing.LetWorkersSleep(threads);
        }

        // Latency: single examples, timed one call at a time, in alternating blocks.
        Timing.WarmUp(0.1, 20, () => feedforward.Forward(call++, 1));
        Timing.WarmUp(0.1, 20, () => torch.Forward(call++, 1));
        var ffLatency = new List<double>();
        var torchLatency = new List<double>();
        int blockSize = Math.Max(1, options.LatencyCalls / options.Repetitions);
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            for (int i = 0; i < blockSize; i++)
            {
                ffLatency.Add(Timing.Seconds(1, () => feedforward.Forward(call++, 1)));
            }

            for (int i = 0; i < blockSize; i++)
            {
                torchLatency.Add(Timing.Seconds(1, () => torch.Forward(call++, 1)));
            }
        }

        return new InferenceResult(
            model, batchSize, threads, [.. ffRuns], [.. torchRuns],
            Timing.Median(ffLatency), Timing.Median(torchLatency));
    }

    /// <summary>
    /// Splits a training step into forward with cost, backward and optimizer update, for both
    /// frameworks, and Feedforward's products into the three GEMM orientations per layer.
    /// Returns printable lines.
    /// </summary>
    public IReadOnlyList<string> Profile(ModelShape model, int batchSize)
    {
        const int Samples = 15;
        var feedforward = new FeedforwardSide(model, data, Seed);
        using var torch = new TorchSide(model, data, feedforward.Network);
        long step = 0;
        Timing.WarmUp(WarmUpSeconds, 3, () => feedforward.Step(step++, batchSize));
        Timing.WarmUp(WarmUpSeconds, 3, () => torch.Step(step++, batchSize));

        // One sample of every part per round, so that load from other processes falls on all
        // parts alike; the update is timed on its own, from the gradients of the round.
        OptimizerState<float>[] states = feedforward.CreateAdamStates();
        var ff = new List<double>[4];
        var tt = new List<double>[4];
        for (int part = 0; part < 4; part++)
        {
            ff[part] = [];
            tt[part] = [];
        }

        for (int sample = 1; sample <= Samples; sample++)
        {
            ff[0].Add(Timing.Seconds(1, () => feedforward.ForwardWithCost(step, batchSize)));
            ff[1].Add(Timing.Seconds(1, () => feedforward.ComputeGradients(step, batchSize)));
            ff[2].Add(Timing.Seconds(1, () => feedforward.UpdateOnly(states, sample)));
            ff[3].Add(Timing.Seconds(1, () => feedforward.Step(step, batchSize)));
            tt[0].Add(Timing.Seconds(1, () => torch.ForwardWithLoss(step, batchSize)));
            tt[1].Add(Timing.Seconds(1, () => torch.ComputeGradients(step, batchSize)));
            tt[2].Add(Timing.Seconds(1, torch.UpdateOnly));
            tt[3].Add(Timing.Seconds(1, () => torch.Step(step, batchSize)));
            step++;
        }

        double ffForward = Timing.Median(ff[0]);
        double ffGradients = Timing.Median(ff[1]);
        double ffUpdate = Timing.Median(ff[2]);
        double ffStep = Timing.Median(ff[3]);
        double torchForward = Timing.Median(tt[0]);
        double torchGradients = Timing.Median(tt[1]);
        double torchUpdate = Timing.Median(tt[2]);
        double torchStep = Timing.Median(tt[3]);

        var lines = new List<string>
        {
            $"#### {model.Name}, batch {batchSize}, 1 thread: median ms ({Samples} interleaved samples each)",
            "",
            "| part | Feedforward | TorchSharp |",
            "| --- | ---: | ---: |",
            $"| forward and cost | {Ms(ffForward)} | {Ms(torchForward)} |",
            $"| backward (gradients minus forward) | {Ms(ffGradients - ffForward)} | {Ms(torchGradients - torchForward)} |",
            $"| Adam update alone | {Ms(ffUpdate)} | {Ms(torchUpdate)} |",
            $"| whole step | {Ms(ffStep)} | {Ms(torchStep)} |",
            "",
            "Feedforward's products alone, through Gemm.Multiply on buffers of the same shapes:",
            "",
            "| layer | Z = W A | dW = dZ A^T | dA = W^T dZ | GFLOP/s (all three) |",
            "| --- | ---: | ---: | ---: | ---: |",
        };

        double gemmTotal = 0;
        foreach (GemmSplit split in GemmProfile.Measure(model, batchSize, Samples))
        {
            gemmTotal += split.Forward + split.WeightGradient + split.InputGradient;
            lines.Add($"| {split.Layer} ({split.Units} x {split.Inputs}) | {Ms(split.Forward)} | {Ms(split.WeightGradient)} | {(split.InputGradient > 0 ? Ms(split.InputGradient) : "not needed")} | {split.Gflops:F1} |");
        }

        lines.Add("");
        lines.Add($"GEMM total {Ms(gemmTotal)} ms against a whole step of {Ms(ffStep)} ms ({100 * gemmTotal / ffStep:F0}%). " +
            "The two are timed apart, so under load the share is approximate; the rest of a step is bias, activations, softmax with cost, and Adam.");
        return lines;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
}
