using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Data;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Training;

namespace Feedforward.Tests.Readme;

/// <summary>Runs the README's library example, so the README cannot drift from the API.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Library_example_trains_digits()
    {
        // Keep this body identical to the "Use the library" section of README.md and to the
        // example of src/Feedforward/README.md.
        Dataset digits = BundledDatasets.Load("digits");           // 64 features x 1797 examples
        var (train, test) = digits.Split(0.2, seed: 0);
        var network = Network<float>.Create(
            train.Features.Rows,
            [new LayerSpec(128, ActivationCatalog.Relu), new LayerSpec(10, ActivationCatalog.Softmax)],
            CostCatalog.CategoricalCrossEntropy,
            seed: 0);
        var trainer = new Trainer<float>(network, new Adam(), new TrainingOptions { Epochs = 30, LearningRate = 0.003 });
        trainer.Fit(train.Features, OneHot.Encode<float>(train.Labels!, 10));
        var (cost, accuracy) = Evaluation.Evaluate(network, test.Features, OneHot.Encode<float>(test.Labels!, 10));

        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}, cost {cost}");
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/Feedforward/README.md")]
    public void Readme_contains_the_example_body(string path)
    {
        // The second is the library package's README, shown on its NuGet page.
        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), path));

        Assert.Contains("var trainer = new Trainer<float>(network, new Adam(), new TrainingOptions { Epochs = 30, LearningRate = 0.003 });", readme, StringComparison.Ordinal);
        Assert.Contains("var (cost, accuracy) = Evaluation.Evaluate(network, test.Features, OneHot.Encode<float>(test.Labels!, 10));", readme, StringComparison.Ordinal);
    }
}
