using System.Globalization;
using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// Parses the two CSV layouts of the datasets shipped with scikit-learn. Every data row is the
/// features followed by an integer class index. In the "counted" layout (iris.csv) the first
/// line is "examples,features,class name,class name,...". The "headerless" layout
/// (digits.csv) has no first line at all.
/// </summary>
internal static class SklearnCsv
{
    /// <summary>Reads the counted layout, taking the class names from the first line.</summary>
    public static Dataset ReadCounted(TextReader reader, string source, IReadOnlyList<string> featureNames)
    {
        var cells = new List<string>();
        string first = reader.ReadLine()
            ?? throw new DataFormatException($"{source}: the file is empty; expected the line 'examples,features,class names...'");
        CsvLineParser.Split(first, cells, source, lineNumber: 1);
        int declaredCount = ParseCount(cells, 0, source);
        int declaredFeatures = ParseCount(cells, 1, source);
        if (declaredFeatures != featureNames.Count)
        {
            throw new DataFormatException(
                $"{source}: line 1 declares {declaredFeatures} features but {featureNames.Count} are expected");
        }

        string[] classNames = cells.Skip(2).ToArray();
        Dataset dataset = ReadRows(reader, source, featureNames, classNames, featureScale: 1, firstLineNumber: 2);
        if (dataset.Count != declaredCount)
        {
            throw new DataFormatException(
                $"{source}: line 1 declares {declaredCount} examples but the file has {dataset.Count}");
        }

        return dataset;
    }

    /// <summary>Reads the headerless layout, dividing every feature by <paramref name="featureScale"/>.</summary>
    public static Dataset ReadHeaderless(
        TextReader reader, string source, IReadOnlyList<string> featureNames, IReadOnlyList<string> classNames, float featureScale) =>
        ReadRows(reader, source, featureNames, classNames, featureScale, firstLineNumber: 1);

    private static Dataset ReadRows(
        TextReader reader,
        string source,
        IReadOnlyList<string> featureNames,
        IReadOnlyList<string> classNames,
        float featureScale,
        int firstLineNumber)
    {
        var features = new List<float>();
        var labels = new List<int>();
        var cells = new List<string>();
        int lineNumber = firstLineNumber - 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CsvLineParser.Split(line, cells, source, lineNumber);
            if (cells.Count != featureNames.Count + 1)
            {
                throw new DataFormatException(
                    $"{source}: line {lineNumber} has {cells.Count} cells but {featureNames.Count + 1} are expected " +
                    $"({featureNames.Count} features and the class index)");
            }

            for (int i = 0; i < featureNames.Count; i++)
            {
                features.Add(CsvTable.ParseNumber(cells[i], "features", source, lineNumber, featureNames[i]) / featureScale);
            }

            labels.Add(ParseClassIndex(cells[^1], classNames.Count, source, lineNumber));
        }

        var matrix = new Matrix<float>(features.ToArray(), featureNames.Count, labels.Count);
        return new Dataset(matrix, featureNames.ToArray(), labels.ToArray(), classNames.ToArray());
    }

    private static int ParseCount(List<string> cells, int position, string source)
    {
        if (position >= cells.Count
            || !int.TryParse(cells[position], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new DataFormatException(
                $"{source}: line 1 should start with the number of examples and of features, but it has " +
                $"'{string.Join(",", cells)}'");
        }

        return count;
    }

    private static int ParseClassIndex(string cell, int classCount, string source, int lineNumber)
    {
        if (!int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= classCount)
        {
            throw new DataFormatException(
                $"{source}: line {lineNumber}, last column: '{cell}' is not a class index in 0..{classCount - 1}");
        }

        return index;
    }
}
