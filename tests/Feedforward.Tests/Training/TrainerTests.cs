using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Training;

public class TrainerTests
{
    /// <summary>Returns two interleaved spirals-free blobs: class 0 near (-1, -1), class 1 near (1, 1), one-hot.</summary>
    private static (Matrix<float> X, Matrix<float> Y) TwoBlobs(int count, int seed)
    {
        var random = new Random(seed);
        var x = new Matrix<float>(2, count);
        var y = new Matrix<float>(2, count);
        for (int j = 0; j < count; j++)
        {
            int label = j % 2;
            float center = label == 0 ? -1 : 1;
            x[0, j] = center + (float)((random.NextDouble() - 0.5) * 1.5);
            x[1, j] = center + (float)((random.NextDouble() - 0.5) * 1.5);
            y[label, j] = 1;
        }

        return (x, y);
    }

    private static Network<float> SmallNetwork() => Network<float>.Create(
        2, [new LayerSpec(8, ActivationCatalog.Relu), new LayerSpec(2, ActivationCatalog.Softmax)], CostCatalog.CategoricalCrossEntropy, seed: 1);

    [Fact]
    public void Fit_separates_two_blobs()
    {
        var (x, y) = TwoBlobs(200, 2);
        var network = SmallNetwork();
        var trainer = new Trainer<float>(network, new Adam(), new TrainingOptions { Epochs = 30, BatchSize = 16, LearningRate = 0.01, Seed = 3 });
        var reports = new List<EpochReport>();
        trainer.EpochCompleted = reports.Add;

        trainer.Fit(x, y, x, y);

        Assert.Equal(30, reports.Count);
        Assert.True(reports[^1].ValidationAccuracy >= 0.98, $"accuracy {reports[^1].ValidationAccuracy}");
        Assert.True(reports[^1].TrainingCost < reports[0].TrainingCost);
    }

    [Fact]
    public void Same_seed_gives_same_bits()
    {
        var (x, y) = TwoBlobs(64, 4);
        float[] Train()
        {
            var network = SmallNetwork();
            new Trainer<float>(network, new Adam(), new TrainingOptions { Epochs = 2, BatchSize = 8, Seed = 9 }).Fit(x, y);
            return network.Layers[0].Weights.AsSpan().ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Training_step_allocates_nothing_after_warm_up()
    {
        var (x, y) = TwoBlobs(32, 5);
        var network = Network<float>.Create(
            2, [new LayerSpec(16, ActivationCatalog.Relu), new LayerSpec(8, ActivationCatalog.Tanh), new LayerSpec(2, ActivationCatalog.Softmax)], CostCatalog.CategoricalCrossEntropy, seed: 1);
        var trainer = new Trainer<float>(network, new Adam(), new TrainingOptions { BatchSize = 32 });
        trainer.Step(x, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            trainer.Step(x, y);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Mnist_shaped_step_with_dropout_allocates_nothing()
    {
        const int Batch = 32;
        var random = new Random(4);
        var x = new Matrix<float>(784, Batch);
        var y = new Matrix<float>(10, Batch);
        Span<float> inputs = x.AsSpan();
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.NextSingle();
        }

        for (int j = 0; j < Batch; j++)
        {
            y[j % 10, j] = 1;
        }

        var network = Network<float>.Create(
            784,
            [new LayerSpec(256, ActivationCatalog.Relu), new DropoutSpec(0.2), new LayerSpec(128, ActivationCatalog.Relu), new DropoutSpec(0.2), new LayerSpec(10, ActivationCatalog.Softmax)],
            CostCatalog.CategoricalCrossEntropy,
            seed: 2);
        var trainer = new Trainer<float>(network, new AdamW(), new TrainingOptions { BatchSize = Batch });
        trainer.Step(x, y);

        // These products are large enough for two threads, but while another test holds the
        // GEMM workers a product runs on this thread alone, and a first run on a path can
        // allocate once (one CI run saw 7,080 bytes in one window). A per-step allocation shows
        // in every window of steps, a one-time one in one window only, so one clean window passes.
        var windows = new List<long>();
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                trainer.Step(x, y);
            }

            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (windows[^1] == 0)
            {
                break;
            }
        }

        Assert.True(windows[^1] == 0, $"bytes allocated per window of 10 steps: {string.Join(", ", windows)}");
    }

    [Fact]
    public void Divergence_stops_with_last_good_weights()
    {
        var (x, y) = TwoBlobs(64, 6);
        x[0, 3] = float.MaxValue;
        var network = SmallNetwork();
        float[] initial = network.Layers[0].Weights.AsSpan().ToArray();
        var trainer = new Trainer<float>(network, new Sgd(), new TrainingOptions { Epochs = 1, BatchSize = 64, LearningRate = 0.1 });

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(x, y));

        Assert.Contains("epoch 1, batch 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(initial, network.Layers[0].Weights.AsSpan().ToArray());
    }

    [Theory]
    [InlineData(0, 32, 0.1, "epochs")]
    [InlineData(1, 0, 0.1, "batch size")]
    [InlineData(1, -4, 0.1, "batch size")]
    [InlineData(1, 32, 0.0, "learning rate")]
    [InlineData(1, 32, -1.0, "learning rate")]
    [InlineData(1, 32, double.NaN, "learning rate")]
    public void Invalid_options_are_rejected(int epochs, int batchSize, double learningRate, string setting)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, LearningRate = learningRate };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<float>(SmallNetwork(), new Adam(), options));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_of_zero_units_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Network<float>.Create(
            2, [new LayerSpec(0, ActivationCatalog.Relu), new LayerSpec(2, ActivationCatalog.Softmax)], CostCatalog.CategoricalCrossEntropy, seed: 1));
        Assert.Contains("layer 1 has 0 units", error.Message, StringComparison.Ordinal);
    }
}
