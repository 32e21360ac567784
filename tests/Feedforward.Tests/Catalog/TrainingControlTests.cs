using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Optimizers.Schedules;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

public class TrainingControlTests
{
    /// <summary>Schedule values are a few floating-point operations from the hand-worked ones.</summary>
    private const double RateTolerance = 1e-15;

    [Fact]
    public void Step_decay_drops_every_step_size_epochs()
    {
        var schedule = new StepDecay(stepSize: 3, gamma: 0.5);

        double[] rates = [.. Enumerable.Range(0, 7).Select(e => schedule.LearningRate(1.0, e, 7))];

        Assert.Equal([1, 1, 1, 0.5, 0.5, 0.5, 0.25], rates);
        Assert.Equal(ScheduleInterval.Epoch, schedule.Interval);
    }

    [Fact]
    public void Exponential_decay_multiplies_each_epoch()
    {
        var schedule = new ExponentialDecay(0.9);

        Assert.Equal(0.1, schedule.LearningRate(0.1, 0, 5), RateTolerance);
        Assert.Equal(0.1 * 0.9 * 0.9 * 0.9, schedule.LearningRate(0.1, 3, 5), RateTolerance);
    }

    [Fact]
    public void Cosine_annealing_runs_from_base_to_minimum()
    {
        // T = 4: cos(0) = 1 → η0; cos(π/2) = 0 → midpoint; cos(π) = -1 → η_min; past T stays at η_min.
        var schedule = new CosineAnnealing(period: 4, minimum: 0.01);

        Assert.Equal(0.1, schedule.LearningRate(0.1, 0, 10), RateTolerance);
        Assert.Equal(0.055, schedule.LearningRate(0.1, 2, 10), RateTolerance);
        Assert.Equal(0.01, schedule.LearningRate(0.1, 4, 10), RateTolerance);
        Assert.Equal(0.01, schedule.LearningRate(0.1, 7, 10), RateTolerance);
    }

    [Fact]
    public void Cosine_annealing_period_zero_spans_the_run()
    {
        var schedule = new CosineAnnealing();

        Assert.Equal(0.5, schedule.LearningRate(1.0, 5, 10), RateTolerance);
    }

    [Fact]
    public void Warmup_cosine_ramps_then_decays()
    {
        // W = 4 of S = 12 steps: warm-up η0 (s + 1)/4, then the cosine over the remaining 8 steps.
        var schedule = new WarmupCosine(warmupSteps: 4);

        Assert.Equal(ScheduleInterval.Step, schedule.Interval);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Enumerable.Range(0, 4).Select(s => schedule.LearningRate(1.0, s, 12)));
        Assert.Equal(1.0, schedule.LearningRate(1.0, 4, 12), RateTolerance);
        Assert.Equal(0.5, schedule.LearningRate(1.0, 8, 12), RateTolerance);
        Assert.Equal((1 + Math.Cos(Math.PI * 7 / 8)) / 2, schedule.LearningRate(1.0, 11, 12), RateTolerance);
    }

    [Fact]
    public void Reduce_on_plateau_waits_out_patience()
    {
        // Patience 2: the third epoch in a row without improvement halves the rate.
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2);
        double[] costs = [1.0, 0.9, 0.95, 0.9, 0.91, 0.5, 0.6, 0.6, 0.6];
        double[] expectedScale = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25];

        for (int e = 0; e < costs.Length; e++)
        {
            schedule.EpochCompleted(costs[e]);
            Assert.Equal(expectedScale[e], schedule.Scale);
        }

        Assert.Equal(0.025, schedule.LearningRate(0.1, 0, 0), RateTolerance);
    }

    [Fact]
    public void Reduce_on_plateau_ignores_tiny_improvements()
    {
        // Threshold 0.1 (relative): 0.95 is not below 1.0 × 0.9, so it is a bad epoch.
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 0, threshold: 0.1);
        schedule.EpochCompleted(1.0);
        schedule.EpochCompleted(0.95);

        Assert.Equal(0.5, schedule.Scale);
    }

    [Fact]
    public void Reduce_on_plateau_cooldown_and_minimum()
    {
        // Patience 0, cooldown 1: a reduction, then one epoch whose badness is not counted.
        var schedule = new ReduceOnPlateau(factor: 0.1, patience: 0, cooldown: 1, minimum: 0.005);
        schedule.EpochCompleted(1.0);
        schedule.EpochCompleted(1.0);
        Assert.Equal(0.1, schedule.Scale, RateTolerance);
        schedule.EpochCompleted(1.0);
        Assert.Equal(0.1, schedule.Scale, RateTolerance);
        schedule.EpochCompleted(1.0);
        Assert.Equal(0.01, schedule.Scale, RateTolerance);

        Assert.Equal(0.005, schedule.LearningRate(0.1, 0, 0));
        schedule.Reset();
        Assert.Equal(1.0, schedule.Scale);
    }

    [Fact]
    public void Trainer_applies_epoch_schedule()
    {
        var (network, inputs, targets) = Regression(seed: 1);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 10, LearningRate = 0.1, Schedule = new StepDecay(2, 0.5) };

        var reports = new Trainer<double>(network, new Sgd(), options).Fit(inputs, targets);

        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], reports.Select(r => r.LearningRate));
    }

    [Fact]
    public void Trainer_applies_step_schedule_per_step()
    {
        // 4 batches per epoch and 2 epochs make 8 steps. With 4 warm-up steps the first epoch
        // ends at η0, and the last step is the cosine at (8 - 1 - 4) / 4 of the way down.
        var (network, inputs, targets) = Regression(seed: 2);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 10, LearningRate = 0.2, Schedule = new WarmupCosine(4) };
        var rates = new List<double>();
        var trainer = new Trainer<double>(network, new Sgd(), options);
        trainer.BatchCompleted = _ => rates.Add(trainer.LearningRate);

        trainer.Fit(inputs, targets);

        Assert.Equal(8, rates.Count);
        Assert.Equal([0.05, 0.1, 0.15, 0.2], rates.Take(4), new ToleranceComparer(RateTolerance));
        Assert.Equal(0.2 * (1 + Math.Cos(Math.PI * 3 / 4)) / 2, rates[^1], RateTolerance);
    }

    [Fact]
    public void Trainer_feeds_validation_cost_to_plateau_schedule()
    {
        // Validation targets are the negated training targets, so the validation cost rises
        // while training fits: with patience 0 every epoch after the first reduces the rate.
        var (network, inputs, targets) = Regression(seed: 3);
        Matrix<double> opposite = Negated(targets);
        var options = new TrainingOptions { Epochs = 4, BatchSize = 10, LearningRate = 0.1, Schedule = new ReduceOnPlateau(factor: 0.5, patience: 0) };

        var reports = new Trainer<double>(network, new Sgd(), options).Fit(inputs, targets, inputs, opposite);

        Assert.Equal([0.1, 0.1, 0.05, 0.025], reports.Select(r => r.LearningRate));
    }

    [Fact]
    public void Early_stopping_restores_best_epoch()
    {
        var (network, inputs, targets) = Regression(seed: 4);
        Matrix<double> opposite = Negated(targets);
        var options = new TrainingOptions { Epochs = 20, BatchSize = 10, LearningRate = 0.05, EarlyStopping = new EarlyStopping { Patience = 3 } };
        var trainer = new Trainer<double>(network, new Sgd(), options);
        double[]? weightsAfterFirstEpoch = null;
        trainer.EpochCompleted = report =>
        {
            if (report.Epoch == 1)
            {
                weightsAfterFirstEpoch = network.Layers[0].Weights.AsSpan().ToArray();
            }
        };

        var reports = trainer.Fit(inputs, targets, inputs, opposite);

        Assert.True(trainer.StoppedEarly);
        Assert.Equal(1, trainer.BestEpoch);
        Assert.Equal(4, reports.Count);
        Assert.True(reports[3].ValidationCost > reports[0].ValidationCost);
        Assert.Equal(weightsAfterFirstEpoch, network.Layers[0].Weights.AsSpan().ToArray());
    }

    [Fact]
    public void Early_stopping_on_accuracy_keeps_the_best()
    {
        // Two separable classes; validation labels are flipped, so validation accuracy falls
        // as training accuracy rises, and the best epoch is the first.
        var random = new Random(5);
        Matrix<double> inputs = TestData.Uniform(2, 40, random);
        var classes = new Matrix<double>(1, 40);
        var flipped = new Matrix<double>(1, 40);
        for (int j = 0; j < 40; j++)
        {
            classes[0, j] = inputs[0, j] > 0 ? 1 : 0;
            flipped[0, j] = 1 - classes[0, j];
        }

        var network = Network<double>.Create(2, [new LayerSpec(2, ActivationCatalog.Softmax)], CostCatalog.SparseCategoricalCrossEntropy, seed: 5);
        var options = new TrainingOptions
        {
            Epochs = 30,
            BatchSize = 8,
            LearningRate = 0.5,
            EarlyStopping = new EarlyStopping { Patience = 2, Metric = EarlyStoppingMetric.ValidationAccuracy },
        };
        var trainer = new Trainer<double>(network, new Sgd(), options);

        var reports = trainer.Fit(inputs, classes, inputs, flipped);
        double? finalAccuracy = Evaluation.Evaluate(network, inputs, flipped).Accuracy;

        Assert.True(trainer.StoppedEarly);
        Assert.Equal(reports.Max(r => r.ValidationAccuracy), finalAccuracy);
        Assert.Equal(reports[trainer.BestEpoch!.Value - 1].ValidationAccuracy, finalAccuracy);
    }

    [Fact]
    public void Early_stopping_needs_validation_data()
    {
        var (network, inputs, targets) = Regression(seed: 6);
        var options = new TrainingOptions { EarlyStopping = new EarlyStopping() };

        var e = Assert.Throws<ArgumentException>(() => new Trainer<double>(network, new Sgd(), options).Fit(inputs, targets));

        Assert.Contains("no validation data was given", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_on_accuracy_rejects_linear_output()
    {
        var (network, inputs, targets) = Regression(seed: 6);
        var options = new TrainingOptions { EarlyStopping = new EarlyStopping { Metric = EarlyStoppingMetric.ValidationAccuracy } };

        var e = Assert.Throws<InvalidOperationException>(() => new Trainer<double>(network, new Sgd(), options).Fit(inputs, targets, inputs, targets));

        Assert.Contains("output is linear", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clipping_limits_the_step_to_the_norm()
    {
        // Plain SGD with η = 1 moves θ by exactly the (clipped) gradient, so the global norm of
        // the change is the clipping bound when the gradient is larger.
        var (network, inputs, targets) = Regression(seed: 7);
        double[] before = Parameters(network);
        var trainer = new Trainer<double>(network, new Sgd(), new TrainingOptions { LearningRate = 1.0, MaxGradientNorm = 0.01 });

        trainer.Step(inputs, targets);
        double[] after = Parameters(network);
        double change = Math.Sqrt(before.Zip(after).Sum(p => (p.First - p.Second) * (p.First - p.Second)));

        Assert.True(trainer.LastGradientNorm > 0.01, $"gradient norm {trainer.LastGradientNorm} is already below the bound");
        Assert.Equal(0.01, change, 1e-12);
    }

    [Fact]
    public void Clipping_leaves_small_gradients_alone()
    {
        var (clipped, inputs, targets) = Regression(seed: 8);
        var (plain, _, _) = Regression(seed: 8);
        var clippedTrainer = new Trainer<double>(clipped, new Sgd(), new TrainingOptions { LearningRate = 0.1, MaxGradientNorm = 1e6 });
        var plainTrainer = new Trainer<double>(plain, new Sgd(), new TrainingOptions { LearningRate = 0.1 });

        clippedTrainer.Step(inputs, targets);
        plainTrainer.Step(inputs, targets);

        Assert.Equal(Parameters(plain), Parameters(clipped));
        Assert.True(double.IsNaN(plainTrainer.LastGradientNorm));
    }

    [Fact]
    public void Divergence_stops_with_last_good_weights()
    {
        var (network, inputs, targets) = Regression(seed: 9);
        var trainer = new Trainer<double>(network, new Sgd(), new TrainingOptions { Epochs = 50, BatchSize = 10, LearningRate = 1e3 });
        double[]? epochStart = null;
        trainer.EpochCompleted = _ => epochStart = Parameters(network);

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(inputs, targets));

        Assert.Contains("the cost became", e.Message, StringComparison.Ordinal);
        Assert.Contains("Lower the learning rate", e.Message, StringComparison.Ordinal);
        Assert.All(Parameters(network), p => Assert.True(double.IsFinite(p)));
        if (epochStart is not null)
        {
            Assert.Equal(epochStart, Parameters(network));
        }
    }

    [Theory]
    [InlineData("step", "gamma", 0.5, "schedule 'step' needs the parameter 'step_size', which has no default")]
    [InlineData("step", "step_size", 2.5, "schedule 'step' parameter 'step_size' must be a whole number, got 2.5")]
    [InlineData("exponential", "gamma", 1.5, "exponential schedule gamma must be in (0, 1], got 1.5")]
    [InlineData("cosine", "gamma", 0.5, "schedule 'cosine' has no parameter 'gamma': it takes period, minimum")]
    [InlineData("warmup_cosine", "warmup_steps", 0.0, "warmup_cosine schedule warmup_steps must be at least 1, got 0")]
    [InlineData("reduce_on_plateau", "factor", 1.0, "reduce_on_plateau schedule factor must be in (0, 1), got 1")]
    public void Invalid_schedule_settings_are_rejected_by_name(string name, string setting, double value, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => LearningRateScheduleCatalog.Create(name, new Dictionary<string, double> { [setting] = value }));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_catalogue_passes_settings()
    {
        var step = Assert.IsType<StepDecay>(LearningRateScheduleCatalog.Create("step", new Dictionary<string, double> { ["step_size"] = 5 }));
        var plateau = Assert.IsType<ReduceOnPlateau>(LearningRateScheduleCatalog.Create("reduce_on_plateau", new Dictionary<string, double> { ["patience"] = 3 }));
        var warmup = Assert.IsType<WarmupCosine>(LearningRateScheduleCatalog.Create("warmup_cosine", new Dictionary<string, double> { ["warmup_steps"] = 100, ["minimum"] = 1e-5 }));

        Assert.Equal(5, step.StepSize);
        Assert.Equal(0.1, step.Gamma);
        Assert.Equal(3, plateau.Patience);
        Assert.Equal(0.1, plateau.Factor);
        Assert.Equal(100, warmup.WarmupSteps);
        Assert.Equal(1e-5, warmup.Minimum);
        Assert.Equal(0, Assert.IsType<CosineAnnealing>(LearningRateScheduleCatalog.Create("cosine")).Period);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Options_reject_invalid_gradient_norm(double norm)
    {
        var options = new TrainingOptions { MaxGradientNorm = norm };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains("the maximum gradient norm must be a positive finite number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_reject_negative_patience()
    {
        var options = new TrainingOptions { EarlyStopping = new EarlyStopping { Patience = -1 } };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains("early stopping patience must be 0 or more epochs, got -1", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A 3-6-1 tanh network and 40 examples of y = x_0 - x_1 / 2.</summary>
    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) Regression(int seed)
    {
        var random = new Random(seed);
        var network = Network<double>.Create(
            3, [new LayerSpec(6, ActivationCatalog.Tanh), new LayerSpec(1, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed);
        Matrix<double> inputs = TestData.Uniform(3, 40, random);
        var targets = new Matrix<double>(1, 40);
        for (int j = 0; j < 40; j++)
        {
            targets[0, j] = inputs[0, j] - (0.5 * inputs[1, j]);
        }

        return (network, inputs, targets);
    }

    private static Matrix<double> Negated(Matrix<double> targets)
    {
        Matrix<double> result = targets.Clone();
        System.Numerics.Tensors.TensorPrimitives.Negate<double>(result.AsSpan(), result.AsSpan());
        return result;
    }

    private static double[] Parameters(Network<double> network) =>
        [.. network.Layers.SelectMany(l => l.Weights.AsSpan().ToArray().Concat(l.Bias.AsSpan().ToArray()))];

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
