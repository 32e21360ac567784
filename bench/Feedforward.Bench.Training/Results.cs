namespace Feedforward.Bench.Training;

/// <summary>Training throughput of both frameworks for one model, batch size and thread count.</summary>
/// <param name="FeedforwardRuns">Examples per second of each timed repetition.</param>
/// <param name="StepsPerRepetition">Training steps in each timed repetition, the same for both.</param>
/// <param name="AllocatedBytesPerStep">Feedforward's managed allocation per step on the stepping thread.</param>
/// <param name="ProcessAllocatedBytesPerStep">Managed allocation per step over all threads, measured around Feedforward's steps only.</param>
/// <param name="MaxLossDifference">Largest |J_Feedforward - J_TorchSharp| over the first steps from the same weights.</param>
internal sealed record TrainingResult(
    ModelShape Model,
    int BatchSize,
    int Threads,
    double[] FeedforwardRuns,
    double[] TorchRuns,
    int StepsPerRepetition,
    double AllocatedBytesPerStep,
    double ProcessAllocatedBytesPerStep,
    double MaxLossDifference)
{
    public double Feedforward => Timing.Median(FeedforwardRuns);

    public double Torch => Timing.Median(TorchRuns);

    public double Ratio => Feedforward / Torch;
}

/// <summary>Forward-only throughput at one batch size and single-example latency, both frameworks.</summary>
internal sealed record InferenceResult(
    ModelShape Model,
    int BatchSize,
    int Threads,
    double[] FeedforwardRuns,
    double[] TorchRuns,
    double FeedforwardLatencySeconds,
    double TorchLatencySeconds)
{
    public double Feedforward => Timing.Median(FeedforwardRuns);

    public double Torch => Timing.Median(TorchRuns);
}

/// <summary>Peak working set of a child process that trained and ran one model with one framework.</summary>
internal sealed record MemoryResult(ModelShape Model, string Framework, long PeakWorkingSetBytes);
