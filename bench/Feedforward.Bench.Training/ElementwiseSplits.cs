using System.Globalization;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Optimizers;
using Feedforward.Tensors;

namespace Feedforward.Bench.Training;

/// <summary>
/// Times the parts of a training step other than the products, each on its own and on buffers of
/// the step's shapes, so that their share can be compared with the products'.
/// </summary>
internal static class ElementwiseSplits
{
    public static IEnumerable<string> Measure(BenchOptions options)
    {
        // Every part runs on one thread unless its name says otherwise.
        Parallelism.MaxThreads = 1;
        yield return "| model | batch | part | median µs |";
        yield return "| --- | ---: | --- | ---: |";
        foreach (ModelShape model in options.Models)
        {
            foreach (int m in options.BatchSizes)
            {
                var side = new FeedforwardSide(model, new SyntheticData(examples: Math.Max(m, 64), inputs: model.Inputs, classes: model.Classes, seed: 1), seed: 42);
                var network = side.Network;
                var random = new Random(5);
                var parts = new List<(string Name, Action Body)>();
                for (int l = 0; l < network.Layers.Count; l++)
                {
                    var layer = network.Layers[l];
                    var z = SyntheticData.Filled(layer.Units, m, random);
                    var a = new Matrix<float>(layer.Units, m);
                    var dA = SyntheticData.Filled(layer.Units, m, random);
                    var dZ = new Matrix<float>(layer.Units, m);
                    var db = new Matrix<float>(layer.Units, 1);
                    var bias = layer.Bias;
                    parts.Add(($"layer {l + 1} bias copy", () =>
                    {
                        for (int j = 0; j < m; j++)
                        {
                            bias.AsSpan().CopyTo(z.Column(j));
                        }
                    }
                    ));
                    parts.Add(($"layer {l + 1} {layer.Activation.Name} forward", () => layer.Activation.Forward(z, a)));
                    if (layer.Activation is Relu)
                    {
                        parts.Add(($"layer {l + 1} relu forward as TensorPrimitives.Max(z, 0)", () => System.Numerics.Tensors.TensorPrimitives.Max(z.AsSpan(), 0f, a.AsSpan())));
                    }

                    if (l < network.Layers.Count - 1)
                    {
                        parts.Add(($"layer {l + 1} {layer.Activation.Name} backward", () => layer.Activation.Backward(z, a, dA, dZ)));
                    }

                    parts.Add(($"layer {l + 1} bias gradient (column adds)", () =>
                    {
                        db.AsSpan().Clear();
                        for (int j = 0; j < m; j++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(db.AsSpan(), dZ.Column(j), db.AsSpan());
                        }
                    }
                    ));

                    if (l == network.Layers.Count - 1 && network.FusedOutput is FusedOutput fused)
                    {
                        var y = new Matrix<float>(layer.Units, m);
                        for (int j = 0; j < m; j++)
                        {
                            y[j % layer.Units, j] = 1;
                        }

                        layer.Activation.Forward(z, a);
                        parts.Add(("output cost value from logits", () => fused.Value(z, y)));
                        parts.Add(("output fused gradient", () => fused.Gradient(a, y, dZ)));
                    }
                }

                OptimizerState<float>[] states = side.CreateAdamStates();
                long step = 1;
                parts.Add(("Adam update, all tensors", () => side.UpdateOnly(states, step++)));
                parts.Add(("Adam update, all tensors, 2 threads", () =>
                {
                    Parallelism.MaxThreads = 2;
                    side.UpdateOnly(states, step++);
                    Parallelism.MaxThreads = 1;
                }
                ));
                var adamW = new AdamW();
                OptimizerState<float>[] adamWStates = [.. network.Layers.SelectMany(layer => new[] { adamW.CreateState<float>(layer.Weights.Length), adamW.CreateState<float>(layer.Bias.Length) })];
                parts.Add(("AdamW update, all tensors", () => side.UpdateOnly(adamWStates, step++)));
                parts.Add(("one extra pass θ ← (1 - η λ) θ over all weights", () =>
                {
                    foreach (var layer in network.Layers)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Multiply(layer.Weights.AsSpan(), 1f, layer.Weights.AsSpan());
                    }
                }
                ));

                foreach (var (_, body) in parts)
                {
                    Timing.WarmUp(0.15, 200, body);
                }

                var samples = parts.Select(_ => new List<double>()).ToArray();
                for (int rep = 0; rep < 25; rep++)
                {
                    for (int p = 0; p < parts.Count; p++)
                    {
                        samples[p].Add(Timing.Seconds(1, parts[p].Body));
                    }
                }

                double total = 0;
                for (int p = 0; p < parts.Count; p++)
                {
                    double median = Timing.Median(samples[p]);
                    total += median;
                    yield return string.Create(CultureInfo.InvariantCulture, $"| {model.Name} | {m} | {parts[p].Name} | {median * 1e6:F1} |");
                }

                yield return string.Create(CultureInfo.InvariantCulture, $"| {model.Name} | {m} | total | {total * 1e6:F1} |");
            }
        }
    }
}
