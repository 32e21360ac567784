using Feedforward.Data;

namespace Feedforward.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_QuotesAndTextLabels()
    {
        string path = Write(
            "sepal_length, \"petal,width\" ,species\n" +
            "\n" +
            " 5.1 ,\"0.2\",setosa\n" +
            "6.3,1.8,\"virginica\"\r\n" +
            "   \n" +
            "5.9,1.5, versicolor\n" +
            "-1e-1,2,\"setosa\"\n");

        Dataset dataset = CsvReader.Load(path);

        Assert.Equal(4, dataset.Count);
        Assert.Equal(new[] { "sepal_length", "petal,width" }, dataset.FeatureNames);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, dataset.ClassNames);
        Assert.Equal(new[] { 0, 2, 1, 0 }, dataset.Labels);
        Assert.Equal(new[] { 5.1f, 0.2f }, dataset.Features.Column(0).ToArray());
        Assert.Equal(new[] { -0.1f, 2f }, dataset.Features.Column(3).ToArray());
        Assert.Null(dataset.Targets);
    }

    [Fact]
    public void Load_NumericLabels_SortNumerically()
    {
        string path = Write("x,y\n1,10\n2,9\n3,-1\n4,10\n");

        Dataset dataset = CsvReader.Load(path);

        Assert.Equal(new[] { "-1", "9", "10" }, dataset.ClassNames);
        Assert.Equal(new[] { 2, 1, 0, 2 }, dataset.Labels);
    }

    [Fact]
    public void Load_LabelColumnByNameOrIndex()
    {
        string path = Write("kind,a,b\ncat,1,2\ndog,3,4\n");

        Dataset byName = CsvReader.Load(path, new CsvReadOptions { LabelColumn = "kind" });
        Dataset byIndex = CsvReader.Load(path, new CsvReadOptions { LabelColumnIndex = 0 });

        foreach (Dataset dataset in new[] { byName, byIndex })
        {
            Assert.Equal(new[] { "a", "b" }, dataset.FeatureNames);
            Assert.Equal(new[] { 0, 1 }, dataset.Labels);
            Assert.Equal(new[] { 3f, 4f }, dataset.Features.Column(1).ToArray());
        }
    }

    [Fact]
    public void Load_Regression_GivesTargets()
    {
        string path = Write("x1,x2,price\n1,2,10.5\n3,4,-2\n");

        Dataset dataset = CsvReader.Load(path, new CsvReadOptions { Task = TaskKind.Regression });

        Assert.Null(dataset.Labels);
        Assert.NotNull(dataset.Targets);
        Assert.Equal(new[] { 10.5f, -2f }, dataset.Targets.Value.AsSpan().ToArray());
    }

    [Fact]
    public void Load_KnownClasses_MapsToTrainingOrder()
    {
        string path = Write("x,species\n1,virginica\n2,setosa\n");
        var options = new CsvReadOptions { KnownClasses = ["setosa", "versicolor", "virginica"] };

        Dataset dataset = CsvReader.Load(path, options);

        Assert.Equal(new[] { 2, 0 }, dataset.Labels);
        Assert.Equal(3, dataset.ClassCount);
    }

    [Fact]
    public void Load_UnknownClass_NamesLineAndClasses()
    {
        string path = Write("x,species\n1,virginica\n2,rose\n");
        var options = new CsvReadOptions { KnownClasses = ["setosa", "virginica"] };

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path, options));

        Assert.Contains("line 3, column 'species': label 'rose'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'setosa', 'virginica'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFeatures_SkipsIgnoredColumn()
    {
        string withLabel = Write("a,species,b\n1,setosa,2\n3,virginica,4\n");
        string withoutLabel = Write("a,b\n1,2\n3,4\n");

        Dataset first = CsvReader.LoadFeatures(withLabel, ignoredColumn: "species");
        Dataset second = CsvReader.LoadFeatures(withoutLabel, ignoredColumn: "species");

        foreach (Dataset dataset in new[] { first, second })
        {
            Assert.Equal(new[] { "a", "b" }, dataset.FeatureNames);
            Assert.Equal(new[] { 1f, 2f }, dataset.Features.Column(0).ToArray());
            Assert.Equal(new[] { 3f, 4f }, dataset.Features.Column(1).ToArray());
            Assert.Null(dataset.Labels);
        }
    }

    [Fact]
    public void LoadFeatures_TextColumn_IsRejected()
    {
        string path = Write("a,species\n1,setosa\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.LoadFeatures(path));

        Assert.Contains("line 2, column 'species': 'setosa' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextInFeature_NamesLineAndColumn()
    {
        string path = Write("sepal_length,petal_width,species\n1,2,a\n\n3,4,b\n5,6,a\n6,7,b\n7,abc,a\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 7, column 'petal_width': 'abc' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFeatureCell_IsNotANumber()
    {
        string path = Write("a,b,y\n1,,x\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path));

        Assert.Contains("line 2, column 'b': the empty cell is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CommaDecimal_IsNotANumber()
    {
        string path = Write("a,b,y\n1,\"2,5\",x\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path));

        Assert.Contains("line 2, column 'b': '2,5' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN", "line 3, column 'b': NaN is not allowed in features; clean or impute the data first")]
    [InlineData("-Infinity", "line 3, column 'b': '-Infinity' is infinite, and infinity is not allowed in features")]
    [InlineData("1e39", "line 3, column 'b': '1e39' is outside the range of a 32-bit float")]
    public void Load_NonFiniteFeature_IsRejected(string cell, string expected)
    {
        string path = Write($"a,b,y\n1,2,x\n1,{cell},x\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NaNTarget_IsRejected()
    {
        string path = Write("a,y\n1,2\n1,nan\n");

        var error = Assert.Throws<DataFormatException>(
            () => CsvReader.Load(path, new CsvReadOptions { Task = TaskKind.Regression }));

        Assert.Contains("line 3, column 'y': NaN is not allowed in targets", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b,y\n1,2,x\n1,2\n", "line 3 has 2 cells but the header has 3 columns")]
    [InlineData("a,b,y\n1,2,x,4\n", "line 2 has 4 cells but the header has 3 columns")]
    public void Load_WrongCellCount_NamesLine(string contents, string expected)
    {
        string path = Write(contents);

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("\n  \n\n", "the file is empty")]
    [InlineData("a,b,y\n\n", "the file has a header but no data rows")]
    [InlineData("1,2,3\n4,5,6\n", "line 1 should be the header, but every cell in it is a number")]
    [InlineData("a,,y\n1,2,3\n", "column 2 of the header has no name")]
    [InlineData("a,a,y\n1,2,3\n", "the header names two columns 'a'")]
    [InlineData("a,b,y\n1,2,\n", "line 2, column 'y': the label is empty")]
    [InlineData("a,b,y\n1,2,x\n3,4,nan\n", "line 3, column 'y': the label is NaN")]
    [InlineData("a,b,y\n1,\"2,x\n", "line 2, cell 2: the quote that opens the cell is not closed")]
    [InlineData("a,b,y\n1,\"2\"3,x\n", "line 2, cell 2: text follows the closing quote")]
    [InlineData("y\n1\n", "the header has only the column 'y'")]
    public void Load_MalformedFile_IsRejected(string contents, string expected)
    {
        string path = Write(contents);

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelColumnNotFound_ListsColumns()
    {
        string path = Write("a,b,species\n1,2,x\n");

        var error = Assert.Throws<DataFormatException>(
            () => CsvReader.Load(path, new CsvReadOptions { LabelColumn = "class" }));

        Assert.Contains("the label column 'class' is not in the header; the columns are 'a', 'b', 'species'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelIndexOutOfRange_ListsColumns()
    {
        string path = Write("a,b,species\n1,2,x\n");

        var error = Assert.Throws<DataFormatException>(
            () => CsvReader.Load(path, new CsvReadOptions { LabelColumnIndex = 3 }));

        Assert.Contains("index 3 is outside 0..2; the columns are 'a', 'b', 'species'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelByNameAndIndex_IsRejected()
    {
        string path = Write("a,b,species\n1,2,x\n");
        var options = new CsvReadOptions { LabelColumn = "species", LabelColumnIndex = 2 };

        Assert.Throws<ArgumentException>(() => CsvReader.Load(path, options));
    }

    [Fact]
    public void Load_MissingFile_NamesPath()
    {
        string path = Path.Combine(_directory.Path, "missing.csv");

        var error = Assert.Throws<FileNotFoundException>(() => CsvReader.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private string Write(string contents) => _directory.WriteText($"{Guid.NewGuid():N}.csv", contents);
}
