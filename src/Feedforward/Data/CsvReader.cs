using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// Reads CSV files with a header row into a <see cref="Dataset"/>: one column per example,
/// one feature per CSV column except the label column.
/// </summary>
/// <remarks>
/// Cells are separated by commas and may be enclosed in double quotes. Whitespace around
/// cells is trimmed and blank lines are skipped. Numbers use the invariant culture (a point as
/// the decimal separator). Features must be finite numbers. A first row made only of numbers
/// is rejected as a missing header. Error messages give the file, the 1-based line number, the
/// column name and the offending text.
/// </remarks>
public static class CsvReader
{
    /// <summary>Reads a labelled CSV file for training or evaluation.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is empty or malformed, the label column is not in the header, or a label is invalid.
    /// </exception>
    /// <exception cref="ArgumentException">The options set the label column both by name and by index.</exception>
    public static Dataset Load(string path, CsvReadOptions? options = null)
    {
        using StreamReader reader = OpenText(path);
        return Read(reader, path, options);
    }

    /// <summary>Reads labelled CSV text. Error messages name the input <paramref name="sourceName"/>.</summary>
    /// <exception cref="DataFormatException">
    /// The text is empty or malformed, the label column is not in the header, or a label is invalid.
    /// </exception>
    /// <exception cref="ArgumentException">The options set the label column both by name and by index.</exception>
    public static Dataset Read(TextReader reader, string sourceName, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new CsvReadOptions();
        if (options.LabelColumn is not null && options.LabelColumnIndex is not null)
        {
            throw new ArgumentException("set the label column by name or by index, not both", nameof(options));
        }

        CsvTable table = CsvTable.Read(reader, sourceName, header => FindLabelColumn(header, options, sourceName));
        Matrix<float> features = FeatureMatrix(table);

        if (options.Task == TaskKind.Regression)
        {
            return new Dataset(features, table.FeatureNames, targets: RegressionTargets(table));
        }

        IReadOnlyList<string> classNames = options.KnownClasses ?? ClassList.Sort(table.LabelTexts);
        int[] labels = ClassIndices(table, classNames, isKnownClassList: options.KnownClasses is not null);
        return new Dataset(features, table.FeatureNames, labels, classNames);
    }

    /// <summary>
    /// Reads a CSV file of features only, for prediction. A column named
    /// <paramref name="ignoredColumn"/> is skipped when present, so the labelled file of
    /// training can be reused. Every other column must be numeric.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty or malformed.</exception>
    public static Dataset LoadFeatures(string path, string? ignoredColumn = null)
    {
        using StreamReader reader = OpenText(path);
        return ReadFeatures(reader, path, ignoredColumn);
    }

    /// <summary>Reads CSV text of features only, as <see cref="LoadFeatures"/> does.</summary>
    /// <exception cref="DataFormatException">The text is empty or malformed.</exception>
    public static Dataset ReadFeatures(TextReader reader, string sourceName, string? ignoredColumn = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        CsvTable table = CsvTable.Read(
            reader, sourceName, header => ignoredColumn is null ? -1 : Array.IndexOf(header, ignoredColumn));
        return new Dataset(FeatureMatrix(table), table.FeatureNames);
    }

    private static StreamReader OpenText(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the CSV file '{path}' does not exist; check the path", path);
        }

        return new StreamReader(path, detectEncodingFromByteOrderMarks: true);
    }

    private static int FindLabelColumn(string[] header, CsvReadOptions options, string source)
    {
        string columns = string.Join(", ", header.Select(name => $"'{name}'"));
        if (header.Length < 2)
        {
            throw new DataFormatException(
                $"{source}: the header has only the column {columns}, but a labelled file needs at least one feature column and a label column");
        }

        if (options.LabelColumn is { } name)
        {
            int index = Array.IndexOf(header, name);
            return index >= 0
                ? index
                : throw new DataFormatException(
                    $"{source}: the label column '{name}' is not in the header; the columns are {columns}");
        }

        if (options.LabelColumnIndex is { } position)
        {
            return position >= 0 && position < header.Length
                ? position
                : throw new DataFormatException(
                    $"{source}: the label column index {position} is outside 0..{header.Length - 1}; the columns are {columns}");
        }

        return header.Length - 1;
    }

    private static Matrix<float> FeatureMatrix(CsvTable table) =>
        new(table.Features.ToArray(), table.FeatureNames.Length, table.Count);

    private static Matrix<float> RegressionTargets(CsvTable table)
    {
        var targets = new Matrix<float>(1, table.Count);
        for (int j = 0; j < table.Count; j++)
        {
            targets[0, j] = CsvTable.ParseNumber(
                table.LabelTexts[j], "targets", table.Source, table.LineNumbers[j], table.LabelName);
        }

        return targets;
    }

    private static int[] ClassIndices(CsvTable table, IReadOnlyList<string> classNames, bool isKnownClassList)
    {
        Dictionary<string, int> indexOf = ClassList.IndexOf(classNames);
        int[] labels = new int[table.Count];
        for (int j = 0; j < table.Count; j++)
        {
            string text = table.LabelTexts[j];
            string where = $"{table.Source}: line {table.LineNumbers[j]}, column '{table.LabelName}'";
            if (text.Length == 0)
            {
                throw new DataFormatException($"{where}: the label is empty; give every example a label or remove it");
            }

            // A missing value written as NaN is not a class name, whatever its letter case.
            if (text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
            {
                throw new DataFormatException($"{where}: the label is NaN, a missing value; give every example a label or remove it");
            }

            if (!indexOf.TryGetValue(text, out labels[j]))
            {
                string known = isKnownClassList ? "the classes seen in training" : "the class list";
                throw new DataFormatException(
                    $"{where}: label '{text}' is not one of {known} ({ClassList.Describe(classNames)}); " +
                    "remove the example or train on data that contains the class");
            }
        }

        return labels;
    }
}
