using System.Globalization;

namespace Feedforward.Data;

/// <summary>
/// The contents of a CSV file with a header row, split into numeric features (stored one example
/// after another, which is column-major features x examples) and the raw text of one optional
/// label column.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string source, string[] header, int labelColumn)
    {
        Source = source;
        Header = header;
        LabelColumn = labelColumn;
        FeatureNames = header.Where((_, index) => index != labelColumn).ToArray();
    }

    /// <summary>File name or other description of the input, used in error messages.</summary>
    public string Source { get; }

    /// <summary>All column names, in file order.</summary>
    public string[] Header { get; }

    /// <summary>Zero-based position of the label column, or -1 when there is none.</summary>
    public int LabelColumn { get; }

    /// <summary>Names of the feature columns, in file order.</summary>
    public string[] FeatureNames { get; }

    /// <summary>Feature values, example after example.</summary>
    public List<float> Features { get; } = [];

    /// <summary>Label cell text per example, or an empty list when there is no label column.</summary>
    public List<string> LabelTexts { get; } = [];

    /// <summary>1-based line number of each example, for error messages about labels.</summary>
    public List<int> LineNumbers { get; } = [];

    /// <summary>Number of examples read.</summary>
    public int Count => LineNumbers.Count;

    /// <summary>Name of the label column. Only valid when there is one.</summary>
    public string LabelName => Header[LabelColumn];

    /// <summary>
    /// Reads the header and all data rows. <paramref name="chooseLabelColumn"/> gets the header
    /// and returns the label column's position, or -1 for none.
    /// </summary>
    /// <exception cref="DataFormatException">The file is empty, lacks a header, or a row is invalid.</exception>
    public static CsvTable Read(TextReader reader, string source, Func<string[], int> chooseLabelColumn)
    {
        var cells = new List<string>();
        int lineNumber = 0;
        if (!TryReadRow(reader, source, cells, ref lineNumber))
        {
            throw new DataFormatException(
                $"{source}: the file is empty; a CSV file needs a header row with column names and at least one data row");
        }

        string[] header = cells.ToArray();
        ValidateHeader(header, source, lineNumber);
        var table = new CsvTable(source, header, chooseLabelColumn(header));
        while (TryReadRow(reader, source, cells, ref lineNumber))
        {
            table.AddRow(cells, lineNumber);
        }

        if (table.Count == 0)
        {
            throw new DataFormatException($"{source}: the file has a header but no data rows; add at least one example");
        }

        return table;
    }

    /// <summary>
    /// Parses a numeric cell, rejecting text, NaN and infinity. <paramref name="role"/> is
    /// "features" or "targets", for the message.
    /// </summary>
    public static float ParseNumber(string cell, string role, string source, int lineNumber, string column)
    {
        string where = $"{source}: line {lineNumber}, column '{column}'";
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            string cellText = cell.Length == 0 ? "the empty cell" : $"'{cell}'";
            throw new DataFormatException($"{where}: {cellText} is not a number; fill in a number (use . as the decimal point)");
        }

        if (double.IsNaN(value))
        {
            throw new DataFormatException($"{where}: NaN is not allowed in {role}; clean or impute the data first");
        }

        if (double.IsInfinity(value))
        {
            throw new DataFormatException(
                $"{where}: '{cell}' is infinite, and infinity is not allowed in {role}; clean or impute the data first");
        }

        float single = (float)value;
        if (float.IsInfinity(single))
        {
            throw new DataFormatException(
                $"{where}: '{cell}' is outside the range of a 32-bit float (about ±3.4e38); rescale the column");
        }

        return single;
    }

    private void AddRow(List<string> cells, int lineNumber)
    {
        if (cells.Count != Header.Length)
        {
            throw new DataFormatException(
                $"{Source}: line {lineNumber} has {cells.Count} cells but the header has {Header.Length} columns; " +
                "give every row one cell per column");
        }

        for (int column = 0; column < cells.Count; column++)
        {
            if (column == LabelColumn)
            {
                LabelTexts.Add(cells[column]);
            }
            else
            {
                Features.Add(ParseNumber(cells[column], "features", Source, lineNumber, Header[column]));
            }
        }

        LineNumbers.Add(lineNumber);
    }

    // Reads the next non-blank line into cells, or returns false at the end of the input.
    private static bool TryReadRow(TextReader reader, string source, List<string> cells, ref int lineNumber)
    {
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                CsvLineParser.Split(line, cells, source, lineNumber);
                return true;
            }
        }

        return false;
    }

    private static void ValidateHeader(string[] header, string source, int lineNumber)
    {
        bool allNumbers = header.All(cell => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (allNumbers)
        {
            throw new DataFormatException(
                $"{source}: line {lineNumber} should be the header, but every cell in it is a number; " +
                "add a first row with the column names");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int column = 0; column < header.Length; column++)
        {
            if (header[column].Length == 0)
            {
                throw new DataFormatException(
                    $"{source}: line {lineNumber}: column {column + 1} of the header has no name; name every column");
            }

            if (!seen.Add(header[column]))
            {
                throw new DataFormatException(
                    $"{source}: line {lineNumber}: the header names two columns '{header[column]}'; give each column its own name");
            }
        }
    }
}
