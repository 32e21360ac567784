using System.Text;

namespace Feedforward.Data;

/// <summary>
/// Splits one CSV line into cells at commas. A cell enclosed in double quotes may contain
/// commas, and a doubled quote ("") in it is read as one quote. Whitespace around a cell is
/// trimmed, but whitespace inside the quotes is kept.
/// </summary>
/// <remarks>NOTE: a line break inside a quoted cell is not supported, because the reader works line by line.</remarks>
internal static class CsvLineParser
{
    /// <summary>Replaces the contents of <paramref name="cells"/> with the cells of <paramref name="line"/>.</summary>
    /// <exception cref="DataFormatException">A quote is not closed, or text follows a closing quote.</exception>
    public static void Split(string line, List<string> cells, string source, int lineNumber)
    {
        cells.Clear();
        int position = 0;
        while (true)
        {
            cells.Add(ReadCell(line, ref position, source, lineNumber, cells.Count + 1));
            if (position >= line.Length)
            {
                return;
            }

            position++; // Step over the comma.
        }
    }

    // Reads the cell that starts at position and leaves position on the comma after it, or at the end.
    private static string ReadCell(string line, ref int position, string source, int lineNumber, int cellNumber)
    {
        SkipSpaces(line, ref position);
        if (position < line.Length && line[position] == '"')
        {
            string quoted = ReadQuoted(line, ref position, source, lineNumber, cellNumber);
            SkipSpaces(line, ref position);
            if (position < line.Length && line[position] != ',')
            {
                throw new DataFormatException(
                    $"{source}: line {lineNumber}, cell {cellNumber}: text follows the closing quote; " +
                    "write a quote inside a quoted cell as two quotes (\"\")");
            }

            return quoted;
        }

        int end = line.IndexOf(',', position);
        if (end < 0)
        {
            end = line.Length;
        }

        string cell = line[position..end].Trim();
        position = end;
        return cell;
    }

    private static string ReadQuoted(string line, ref int position, string source, int lineNumber, int cellNumber)
    {
        var text = new StringBuilder();
        position++; // Step over the opening quote.
        while (position < line.Length)
        {
            char c = line[position++];
            if (c != '"')
            {
                text.Append(c);
            }
            else if (position < line.Length && line[position] == '"')
            {
                text.Append('"');
                position++;
            }
            else
            {
                return text.ToString();
            }
        }

        throw new DataFormatException(
            $"{source}: line {lineNumber}, cell {cellNumber}: the quote that opens the cell is not closed; " +
            "close it on the same line (cells cannot span lines)");
    }

    private static void SkipSpaces(string line, ref int position)
    {
        while (position < line.Length && line[position] != ',' && char.IsWhiteSpace(line[position]))
        {
            position++;
        }
    }
}
