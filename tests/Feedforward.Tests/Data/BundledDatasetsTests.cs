using Feedforward.Data;

namespace Feedforward.Tests.Data;

public sealed class BundledDatasetsTests
{
    [Fact]
    public void Digits_Has1797ImagesOf64Pixels()
    {
        Dataset digits = BundledDatasets.Load("digits");

        Assert.Equal(1797, digits.Count);
        Assert.Equal(64, digits.Features.Rows);
        Assert.Equal(10, digits.ClassCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), digits.ClassNames);
        Assert.All(digits.Features.AsSpan().ToArray(), value => Assert.InRange(value, 0f, 1f));
        Assert.Equal(1f, digits.Features.AsSpan().ToArray().Max());
        Assert.Equal(Enumerable.Range(0, 10), digits.Labels!.Distinct().Order());
    }

    [Fact]
    public void Digits_FirstImageMatchesFile()
    {
        Dataset digits = BundledDatasets.Load("digits");

        // The first row of digits.csv starts 0,0,5,13,9,1 and is a 0.
        Assert.Equal(new[] { 0f, 0f, 5f / 16, 13f / 16, 9f / 16, 1f / 16 }, digits.Features.Column(0)[..6].ToArray());
        Assert.Equal(0, digits.Labels![0]);
    }

    [Fact]
    public void Iris_Has150ExamplesOf4Measurements()
    {
        Dataset iris = BundledDatasets.Load("Iris");

        Assert.Equal(150, iris.Count);
        Assert.Equal(4, iris.Features.Rows);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, iris.ClassNames);
        Assert.Equal(new[] { 50, 50, 50 }, iris.Labels!.GroupBy(label => label).OrderBy(group => group.Key).Select(group => group.Count()));
        Assert.Equal(new[] { 5.1f, 3.5f, 1.4f, 0.2f }, iris.Features.Column(0).ToArray());
    }

    [Fact]
    public void Names_ListsBothDatasets()
    {
        Assert.Equal(new[] { "digits", "iris" }, BundledDatasets.Names);
    }

    [Fact]
    public void Load_UnknownName_ListsKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => BundledDatasets.Load("mnist"));

        Assert.Contains("'mnist'", error.Message, StringComparison.Ordinal);
        Assert.Contains("digits, iris", error.Message, StringComparison.Ordinal);
    }
}
