using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Serialization;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

public class RegularizationTests
{
    /// <summary>The bound the gradient checks promise in double.</summary>
    private const double GradientTolerance = 1e-7;

    /// <summary>
    /// The 2-3-2 network of the core hand-worked test: ReLU hidden layer, linear output, mean
    /// squared error, J = 5 without a penalty for x = (1, 2), y = (1, 1).
    /// </summary>
    private static Network<double> HandWorkedNetwork()
    {
        var hidden = new DenseLayer<double>(2, 3, ActivationCatalog.Relu);
        Matrix<double>.FromRows([[1.0, 0], [0, 1], [1, -1]]).AsSpan().CopyTo(hidden.Weights.AsSpan());
        Matrix<double>.FromRows([[0.0], [-1], [0.5]]).AsSpan().CopyTo(hidden.Bias.AsSpan());
        var output = new DenseLayer<double>(3, 2, ActivationCatalog.Linear);
        Matrix<double>.FromRows([[1.0, 2, 3], [-1, 0, 1]]).AsSpan().CopyTo(output.Weights.AsSpan());
        Matrix<double>.FromRows([[0.0], [1]]).AsSpan().CopyTo(output.Bias.AsSpan());
        return new Network<double>([hidden, output], CostCatalog.MeanSquaredError);
    }

    [Fact]
    public void L2_penalty_matches_hand_computation()
    {
        // Σ‖W1‖² = 1 + 1 + 1 + 1 = 4 and Σ‖W2‖² = 1 + 4 + 9 + 1 + 1 = 16, so with λ = 0.1 the
        // penalty is 0.05 × 20 = 1 and J = 5 + 1 = 6. Each dW gains λ W; biases are not penalized.
        Network<double> network = HandWorkedNetwork();
        network.L2Penalty = 0.1;
        var x = Matrix<double>.FromRows([[1.0], [2.0]]);
        var y = Matrix<double>.FromRows([[1.0], [1.0]]);

        double cost = network.ComputeGradients(x, y);

        Assert.Equal(6.0, cost, 1e-14);
        Assert.Equal(6.0, network.ComputeCost(x, y), 1e-14);
        Assert.Equal(new double[][] { [4.1, 4.2, 0.3], [-2.1, -2, 0.1] }, network.Layers[1].WeightGradient.ToRows(), new RowComparer(1e-14));
        Assert.Equal(new double[][] { [6.1, 12], [8, 16.1], [0.1, -0.1] }, network.Layers[0].WeightGradient.ToRows(), new RowComparer(1e-14));
        Assert.Equal([6.0, 8.0, 0.0], network.Layers[0].BiasGradient.AsSpan().ToArray());
    }

    [Fact]
    public void L2_penalty_does_not_scale_with_batch_size()
    {
        // Two copies of the example: the data cost averages to the same value and the penalty
        // has no 1/m, so J and the gradients equal those of one example.
        Network<double> network = HandWorkedNetwork();
        network.L2Penalty = 0.1;
        var x = Matrix<double>.FromRows([[1.0, 1.0], [2.0, 2.0]]);
        var y = Matrix<double>.FromRows([[1.0, 1.0], [1.0, 1.0]]);

        Assert.Equal(6.0, network.ComputeGradients(x, y), 1e-14);
        Assert.Equal(new double[][] { [6.1, 12], [8, 16.1], [0.1, -0.1] }, network.Layers[0].WeightGradient.ToRows(), new RowComparer(1e-14));
    }

    [Fact]
    public void L2_penalty_passes_gradient_check()
    {
        var random = new Random(21);
        var network = Network<double>.Create(
            4, [new LayerSpec(5, ActivationCatalog.Tanh), new LayerSpec(3, ActivationCatalog.Softmax)], CostCatalog.CategoricalCrossEntropy, seed: 5);
        network.L2Penalty = 0.3;

        GradientCheckReport report = GradientCheck.Run(network, TestData.Uniform(4, 6, random), TestData.OneHot(3, 6, random));

        Assert.True(report.MaxRelativeError < GradientTolerance, $"relative error {report.MaxRelativeError}");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void L2_penalty_rejects_invalid_value(double lambda)
    {
        Network<double> network = HandWorkedNetwork();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => network.L2Penalty = lambda);

        Assert.Contains("the L2 penalty λ must be a finite number of 0 or more", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropout_is_identity_at_inference()
    {
        var dropout = new DropoutLayer<double>(4, 0.5, seed: 1);
        Matrix<double> input = TestData.Uniform(4, 7, new Random(1));

        Matrix<double> output = dropout.Forward(input, training: false);

        Assert.Equal(input.AsSpan().ToArray(), output.AsSpan().ToArray());
    }

    [Fact]
    public void Dropout_drops_about_rate_and_scales_the_rest()
    {
        // 40,000 Bernoulli draws with p = 0.3: the dropped fraction has standard deviation
        // √(0.3 × 0.7 / 40000) ≈ 0.0023, so 0.01 is more than four deviations.
        var dropout = new DropoutLayer<double>(200, 0.3, seed: 7);
        var input = new Matrix<double>(200, 200);
        input.AsSpan().Fill(2.0);

        Matrix<double> output = dropout.Forward(input, training: true);
        double[] values = output.AsSpan().ToArray();
        double dropped = values.Count(v => v == 0) / (double)values.Length;

        Assert.All(values, v => Assert.True(v == 0 || v == 2.0 / 0.7, $"element {v} is neither 0 nor 2 / (1 - p)"));
        Assert.InRange(dropped, 0.29, 0.31);
    }

    [Fact]
    public void Dropout_backward_applies_the_forward_mask()
    {
        var dropout = new DropoutLayer<double>(3, 0.5, seed: 3);
        Matrix<double> input = TestData.Uniform(3, 5, new Random(3));
        var outputGradient = new Matrix<double>(3, 5);
        outputGradient.AsSpan().Fill(1.0);

        dropout.Forward(input, training: true);
        Matrix<double> inputGradient = dropout.Backward(input, outputGradient);

        Assert.Equal(dropout.Mask.AsSpan().ToArray(), inputGradient.AsSpan().ToArray());
    }

    [Fact]
    public void Dropout_masks_follow_the_seed()
    {
        Matrix<double> input = TestData.Uniform(6, 6, new Random(4));
        double[] First(int seed) => new DropoutLayer<double>(6, 0.5, seed).Forward(input, training: true).AsSpan().ToArray();

        Assert.Equal(First(11), First(11));
        Assert.NotEqual(First(11), First(12));
    }

    [Fact]
    public void Frozen_mask_is_reused()
    {
        var dropout = new DropoutLayer<double>(5, 0.5, seed: 9);
        Matrix<double> input = TestData.Uniform(5, 4, new Random(9));
        double[] first = dropout.Forward(input, training: true).AsSpan().ToArray();

        dropout.MaskFrozen = true;
        double[] frozen = dropout.Forward(input, training: true).AsSpan().ToArray();
        dropout.MaskFrozen = false;
        double[] fresh = dropout.Forward(input, training: true).AsSpan().ToArray();

        Assert.Equal(first, frozen);
        Assert.NotEqual(first, fresh);
    }

    [Fact]
    public void Frozen_mask_rejects_other_batch_size()
    {
        var dropout = new DropoutLayer<double>(2, 0.5, seed: 1);
        dropout.Forward(new Matrix<double>(2, 3), training: true);
        dropout.MaskFrozen = true;

        var e = Assert.Throws<InvalidOperationException>(() => dropout.Forward(new Matrix<double>(2, 4), training: true));

        Assert.Contains("frozen for 3 examples but the batch has 4", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relu", "mean_squared_error")]
    [InlineData("tanh", "categorical_cross_entropy")]
    [InlineData("gelu", "sparse_categorical_cross_entropy")]
    public void Dropout_network_passes_gradient_check(string hidden, string cost)
    {
        // Dropout on the inputs and between every pair of dense layers, with L2 as well.
        var random = new Random(31);
        Activation output = cost == "mean_squared_error" ? ActivationCatalog.Linear : ActivationCatalog.Softmax;
        var network = Network<double>.Create(
            4,
            [
                new DropoutSpec(0.2),
                new LayerSpec(6, ActivationCatalog.Create(hidden)),
                new DropoutSpec(0.5),
                new LayerSpec(5, ActivationCatalog.Create(hidden)),
                new DropoutSpec(0.5),
                new LayerSpec(3, output),
            ],
            CostCatalog.Create(cost),
            seed: 8);
        network.L2Penalty = 0.01;

        // Biases start at 0, so a column that dropout zeroes entirely would give z = b = 0
        // exactly, on ReLU's kink, where finite differences are not meaningful.
        foreach (DenseLayer<double> layer in network.Layers)
        {
            TestData.Uniform(layer.Units, 1, random, -0.5, 0.5).AsSpan().CopyTo(layer.Bias.AsSpan());
        }

        Matrix<double> inputs = TestData.Uniform(4, 5, random);
        Matrix<double> targets = cost switch
        {
            "mean_squared_error" => TestData.Uniform(3, 5, random),
            "categorical_cross_entropy" => TestData.OneHot(3, 5, random),
            _ => CostTests.ClassIndices(3, 5, random),
        };

        GradientCheckReport report = GradientCheck.Run(network, inputs, targets);

        Assert.True(report.MaxRelativeError < GradientTolerance, $"relative error {report.MaxRelativeError}");
        Assert.All(network.AllLayers.OfType<DropoutLayer<double>>(), d => Assert.False(d.MaskFrozen));
    }

    [Fact]
    public void Network_lists_dense_and_all_layers()
    {
        var network = Network<double>.Create(
            3, [new LayerSpec(4, ActivationCatalog.Relu), new DropoutSpec(0.5), new LayerSpec(2, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed: 1);

        Assert.Equal(2, network.Layers.Count);
        Assert.Equal(3, network.AllLayers.Count);
        Assert.IsType<DropoutLayer<double>>(network.AllLayers[1]);
        Assert.Equal(4, network.AllLayers[1].InputSize);
        Assert.Equal(0.5, ((DropoutLayer<double>)network.AllLayers[1]).Rate);
    }

    [Fact]
    public void Dropout_does_not_change_initial_weights()
    {
        // Dropout seeds are drawn after all weights, so the same seed gives the same weights
        // with and without dropout, and runs that differ only in dropout start alike.
        var plain = Network<double>.Create(
            3, [new LayerSpec(4, ActivationCatalog.Relu), new LayerSpec(2, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed: 6);
        var withDropout = Network<double>.Create(
            3, [new DropoutSpec(0.2), new LayerSpec(4, ActivationCatalog.Relu), new DropoutSpec(0.5), new LayerSpec(2, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed: 6);

        Assert.Equal(plain.Layers[0].Weights.AsSpan().ToArray(), withDropout.Layers[0].Weights.AsSpan().ToArray());
        Assert.Equal(plain.Layers[1].Weights.AsSpan().ToArray(), withDropout.Layers[1].Weights.AsSpan().ToArray());
    }

    [Fact]
    public void Network_rejects_dropout_as_last_layer()
    {
        var e = Assert.Throws<ArgumentException>(() => Network<double>.Create(
            3, [new LayerSpec(4, ActivationCatalog.Relu), new DropoutSpec(0.5)], CostCatalog.MeanSquaredError, seed: 1));

        Assert.Contains("a network must end with a dense layer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Dropout_rejects_invalid_rate(double rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DropoutSpec(rate));

        Assert.Contains("dropout rate must be in [0, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_file_round_trips_dropout_and_l2()
    {
        var network = Network<double>.Create(
            3,
            [new DropoutSpec(0.1), new LayerSpec(4, ActivationCatalog.Create("leaky_relu", new Dictionary<string, double> { ["slope"] = 0.2 })), new DropoutSpec(0.5), new LayerSpec(2, ActivationCatalog.Softmax)],
            CostCatalog.Create("huber", new Dictionary<string, double> { ["delta"] = 0.5 }),
            seed: 12);
        network.L2Penalty = 0.02;
        string path = Path.Combine(Path.GetTempPath(), $"catalog-dropout-{Environment.ProcessId}.safetensors");
        try
        {
            ModelFile.Save(path, network);
            LoadedModel<double> loaded = ModelFile.Load<double>(path);

            Assert.Equal("2", loaded.Metadata["format_version"]);
            Assert.Equal(0.02, loaded.Network.L2Penalty);
            Assert.Equal(4, loaded.Network.AllLayers.Count);
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(network.AllLayers[i].GetType(), loaded.Network.AllLayers[i].GetType());
            }

            var dropout = (DropoutLayer<double>)network.AllLayers[2];
            var loadedDropout = (DropoutLayer<double>)loaded.Network.AllLayers[2];
            Assert.Equal(dropout.Rate, loadedDropout.Rate);
            Assert.Equal(dropout.Seed, loadedDropout.Seed);
            Assert.Equal(0.2, Assert.IsType<LeakyRelu>(loaded.Network.Layers[0].Activation).Slope);
            Assert.Equal(0.5, Assert.IsType<Huber>(loaded.Network.Cost).Delta);

            Matrix<double> inputs = TestData.Uniform(3, 4, new Random(12));
            Assert.Equal(network.Predict(inputs).AsSpan().ToArray(), loaded.Network.Predict(inputs).AsSpan().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Model_file_without_dropout_stays_version_1()
    {
        var network = Network<double>.Create(2, [new LayerSpec(2, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"catalog-plain-{Environment.ProcessId}.safetensors");
        try
        {
            ModelFile.Save(path, network);

            Assert.Equal("1", ModelFile.Load<double>(path).Metadata["format_version"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Model_file_rejects_invalid_dropout_rate()
    {
        string path = Path.Combine(Path.GetTempPath(), $"catalog-bad-dropout-{Environment.ProcessId}.safetensors");
        string architecture = """{"input_size":2,"layers":[{"type":"dropout","rate":1.5,"seed":1},{"units":1,"activation":{"name":"linear"}}],"cost":{"name":"mean_squared_error"}}""";
        var tensors = new List<SafeTensor>
        {
            new("layers.0.weight", "F64", [1, 2], SafeTensorsFile.ToBytes<double>([1.0, 2.0])),
            new("layers.0.bias", "F64", [1], SafeTensorsFile.ToBytes<double>([0.0])),
        };
        try
        {
            SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "feedforward", ["format_version"] = "2", ["architecture"] = architecture });

            var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load<double>(path));

            Assert.Contains("dropout rate must be in [0, 1), got 1.5", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Training_step_with_dropout_and_l2_allocates_nothing()
    {
        var random = new Random(2);
        var network = Network<float>.Create(
            5,
            [new LayerSpec(16, ActivationCatalog.Create("gelu")), new DropoutSpec(0.5), new LayerSpec(3, ActivationCatalog.Softmax)],
            CostCatalog.SparseCategoricalCrossEntropy,
            seed: 2);
        network.L2Penalty = 1e-3;
        var inputs = new Matrix<float>(5, 32);
        var targets = new Matrix<float>(1, 32);
        for (int j = 0; j < 32; j++)
        {
            targets[0, j] = random.Next(3);
            for (int i = 0; i < 5; i++)
            {
                inputs[i, j] = (float)random.NextDouble();
            }
        }

        foreach (string name in OptimizerCatalog.Names)
        {
            var trainer = new Trainer<float>(network, OptimizerCatalog.Create(name), new TrainingOptions { LearningRate = 1e-3 });
            for (int warmUp = 0; warmUp < 3; warmUp++)
            {
                trainer.Step(inputs, targets);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 10; step++)
            {
                trainer.Step(inputs, targets);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private sealed class RowComparer(double tolerance) : IEqualityComparer<double[]>
    {
        public bool Equals(double[]? x, double[]? y) =>
            x is not null && y is not null && x.Length == y.Length && x.Zip(y).All(p => Math.Abs(p.First - p.Second) <= tolerance);

        public int GetHashCode(double[] obj) => 0;
    }
}
