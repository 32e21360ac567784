using Feedforward.Data;
using Feedforward.Tensors;

namespace Feedforward.Tests.Data;

public sealed class OneHotTests
{
    [Fact]
    public void Encode_PutsOneInLabelRow()
    {
        Matrix<double> encoded = OneHot.Encode<double>([2, 0, 1, 2], classCount: 3);

        Assert.Equal(3, encoded.Rows);
        Assert.Equal(4, encoded.Columns);
        Assert.Equal(new[] { 0.0, 0.0, 1.0 }, encoded.Column(0).ToArray());
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, encoded.Column(1).ToArray());
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, encoded.Column(2).ToArray());
        Assert.Equal(new[] { 0.0, 0.0, 1.0 }, encoded.Column(3).ToArray());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void Encode_LabelOutsideClasses_NamesLabelAndPosition(int badLabel)
    {
        int[] labels = [0, 1, badLabel];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<float>(labels, classCount: 3));

        Assert.Contains($"label {badLabel} at position 2 is outside the classes 0..2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapLabels_UsesKnownClassOrder()
    {
        int[] labels = OneHot.MapLabels(["virginica", "setosa", "virginica"], ["setosa", "versicolor", "virginica"]);

        Assert.Equal(new[] { 2, 0, 2 }, labels);
    }

    [Fact]
    public void MapLabels_UnknownLabel_ListsKnownClasses()
    {
        var error = Assert.Throws<DataFormatException>(
            () => OneHot.MapLabels(["setosa", "rose"], ["setosa", "versicolor"]));

        Assert.Contains("label 'rose' at position 1 is not one of the classes seen in training", error.Message, StringComparison.Ordinal);
        Assert.Contains("'setosa', 'versicolor'", error.Message, StringComparison.Ordinal);
    }
}
