using Feedforward.Data;
using Feedforward.Tensors;

namespace Feedforward.Tests.Data;

public sealed class DatasetTests
{
    // Ten examples with one feature equal to the example's index, labels alternating 0 and 1,
    // and a target of ten times the index, so every part of a subset can be traced back.
    private static Dataset Numbered(int count = 10)
    {
        var features = new Matrix<float>(1, count);
        var targets = new Matrix<float>(1, count);
        int[] labels = new int[count];
        for (int j = 0; j < count; j++)
        {
            features[0, j] = j;
            targets[0, j] = 10 * j;
            labels[j] = j % 2;
        }

        return new Dataset(features, ["index"], labels, ["even", "odd"], targets);
    }

    [Fact]
    public void Subset_CopiesChosenColumns()
    {
        Dataset dataset = Numbered();

        Dataset subset = dataset.Subset([7, 2, 7]);
        dataset.Features[0, 7] = -1;

        Assert.Equal(3, subset.Count);
        Assert.Equal(new[] { 7f, 2f, 7f }, subset.Features.AsSpan().ToArray());
        Assert.Equal(new[] { 1, 0, 1 }, subset.Labels);
        Assert.Equal(new[] { 70f, 20f, 70f }, subset.Targets!.Value.AsSpan().ToArray());
        Assert.Equal(dataset.ClassNames, subset.ClassNames);
        Assert.Equal(dataset.FeatureNames, subset.FeatureNames);
    }

    [Fact]
    public void Subset_IndexOutOfRange_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered().Subset([0, 10]));

        Assert.Contains("index 10 at position 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.2, 8, 2)]
    [InlineData(0.25, 7, 3)] // 2.5 rounds away from zero.
    [InlineData(0.5, 5, 5)]
    public void Split_GivesRoundedSizes(double fraction, int trainCount, int validationCount)
    {
        (Dataset train, Dataset validation) = Numbered().Split(fraction, seed: 1);

        Assert.Equal(trainCount, train.Count);
        Assert.Equal(validationCount, validation.Count);
    }

    [Fact]
    public void Split_IsPartitionOfExamples()
    {
        (Dataset train, Dataset validation) = Numbered().Split(0.3, seed: 5);

        float[] all = [.. train.Features.AsSpan(), .. validation.Features.AsSpan()];
        Array.Sort(all);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), all);
        for (int j = 0; j < train.Count; j++)
        {
            Assert.Equal((int)train.Features[0, j] % 2, train.Labels![j]);
            Assert.Equal(10 * train.Features[0, j], train.Targets!.Value[0, j]);
        }
    }

    [Fact]
    public void Split_SameSeed_SameSplit()
    {
        Dataset dataset = Numbered(100);

        (Dataset trainA, Dataset validationA) = dataset.Split(0.2, seed: 42);
        (Dataset trainB, Dataset validationB) = dataset.Split(0.2, seed: 42);
        (_, Dataset validationC) = dataset.Split(0.2, seed: 43);

        Assert.Equal(trainA.Features.AsSpan().ToArray(), trainB.Features.AsSpan().ToArray());
        Assert.Equal(validationA.Features.AsSpan().ToArray(), validationB.Features.AsSpan().ToArray());
        Assert.NotEqual(validationA.Features.AsSpan().ToArray(), validationC.Features.AsSpan().ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Split_FractionOutsideOpenInterval_IsRejected(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered().Split(fraction, seed: 1));

        Assert.Contains("strictly between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01, "leaves the validation part empty")]
    [InlineData(0.99, "leaves the training part empty")]
    public void Split_EmptyPart_IsRejected(double fraction, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Numbered().Split(fraction, seed: 1));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MismatchedParts_AreRejected()
    {
        var features = new Matrix<float>(2, 3);

        Assert.Throws<ArgumentException>(() => new Dataset(features, ["only one"]));
        Assert.Throws<ArgumentException>(() => new Dataset(features, ["a", "b"], [0, 1], ["x", "y"]));
        Assert.Throws<ArgumentException>(() => new Dataset(features, ["a", "b"], [0, 1, 2], ["x", "y"]));
        Assert.Throws<ArgumentException>(() => new Dataset(features, ["a", "b"], [0, 1, 0]));
        Assert.Throws<ArgumentException>(() => new Dataset(features, ["a", "b"], targets: new Matrix<float>(1, 2)));
    }
}
