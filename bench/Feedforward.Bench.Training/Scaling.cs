using System.Globalization;
using Feedforward.Optimizers;
using Feedforward.Tensors;

namespace Feedforward.Bench.Training;

/// <summary>
/// Feedforward alone at one and at two threads, alternating the two thread counts repetition by
/// repetition. TorchSharp does not run in between, so its OpenMP threads cannot spin on a core
/// while Feedforward is timed.
/// </summary>
internal static class Scaling
{
    public static IEnumerable<string> Measure(SyntheticData data, BenchOptions options)
    {
        yield return "| model | batch | 1 thread ex/s | 2 threads ex/s | 2 threads / 1 | 2 threads, Adam update on 1, ex/s | 2 threads / that | Z = W A products alone, 2 threads / 1 |";
        yield return "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
        foreach (ModelShape model in options.Models)
        {
            foreach (int batchSize in options.BatchSizes)
            {
                var side = new FeedforwardSide(model, data, seed: 42);
                long step = 0;
                FeedforwardSide.TrySetMaxThreads(1);
                Timing.WarmUp(0.3, 5, () => side.Step(step++, batchSize));
                FeedforwardSide.TrySetMaxThreads(2);
                Timing.WarmUp(0.3, 5, () => side.Step(step++, batchSize));
                double secondsPerStep = Timing.Seconds(3, () => side.Step(step++, batchSize)) / 3;
                int steps = Timing.CallsPerRepetition(options.SecondsPerRepetition, secondsPerStep);

                // The third configuration computes the gradients on two threads and then runs the
                // Adam update on one, to show what the update's own split gains.
                OptimizerState<float>[] states = side.CreateAdamStates();
                void SerialUpdateStep()
                {
                    Parallelism.MaxThreads = 2;
                    side.ComputeGradients(step, batchSize);
                    Parallelism.MaxThreads = 1;
                    side.UpdateOnly(states, ++step);
                }

                var configurations = new (int Threads, Action Step)[]
                {
                    (1, () => side.Step(step++, batchSize)),
                    (2, () => side.Step(step++, batchSize)),
                    (2, SerialUpdateStep),
                };
                Timing.WarmUp(0.3, 5, SerialUpdateStep);
                var rates = configurations.Select(_ => new List<double>()).ToArray();
                for (int rep = 0; rep < options.Repetitions; rep++)
                {
                    for (int i = 0; i < configurations.Length; i++)
                    {
                        // Rotate which configuration goes first.
                        int c = (i + rep) % configurations.Length;
                        Parallelism.MaxThreads = configurations[c].Threads;
                        double seconds = Timing.Seconds(steps, configurations[c].Step);
                        rates[c].Add(steps * batchSize / seconds);
                    }
                }

                double forwardRatio = ForwardProductRatio(model, batchSize, options.Repetitions);
                double a = Timing.Median(rates[0]);
                double b = Timing.Median(rates[1]);
                double serialUpdate = Timing.Median(rates[2]);
                yield return string.Create(CultureInfo.InvariantCulture, $"| {model.Name} | {batchSize} | {a:F0} | {b:F0} | {b / a:F2} | {serialUpdate:F0} | {b / serialUpdate:F2} | {forwardRatio:F2} |");
            }
        }

        FeedforwardSide.TrySetMaxThreads(1);
    }

    // The forward products of all layers, one thread's median time over two threads'.
    private static double ForwardProductRatio(ModelShape model, int batchSize, int repetitions)
    {
        var random = new Random(3);
        var products = new List<Action>();
        for (int l = 1; l < model.Sizes.Length; l++)
        {
            var w = SyntheticData.Filled(model.Sizes[l], model.Sizes[l - 1], random);
            var x = SyntheticData.Filled(model.Sizes[l - 1], batchSize, random);
            var z = new Matrix<float>(model.Sizes[l], batchSize);
            products.Add(() => Gemm.Multiply(Transpose.None, Transpose.None, 1f, w, x, 0f, z));
        }

        void All()
        {
            foreach (Action product in products)
            {
                product();
            }
        }

        var one = new List<double>();
        var two = new List<double>();
        for (int rep = 0; rep < 3 * repetitions; rep++)
        {
            FeedforwardSide.TrySetMaxThreads(1);
            one.Add(Timing.Seconds(5, All));
            FeedforwardSide.TrySetMaxThreads(2);
            two.Add(Timing.Seconds(5, All));
        }

        return Timing.Median(one) / Timing.Median(two);
    }
}
