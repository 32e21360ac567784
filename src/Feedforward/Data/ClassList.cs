using System.Globalization;

namespace Feedforward.Data;

/// <summary>Builds the sorted class list from raw label text and maps labels to class indices.</summary>
internal static class ClassList
{
    /// <summary>
    /// Returns the distinct labels sorted numerically when every one parses as a number (ties,
    /// such as "1" and "1.0", in ordinal order), and in ordinal string order otherwise.
    /// </summary>
    public static string[] Sort(IEnumerable<string> rawLabels)
    {
        string[] distinct = rawLabels.Distinct(StringComparer.Ordinal).ToArray();
        double[] numbers = new double[distinct.Length];
        bool allNumeric = true;
        for (int i = 0; i < distinct.Length && allNumeric; i++)
        {
            allNumeric = TryParseNumber(distinct[i], out numbers[i]);
        }

        if (allNumeric)
        {
            Array.Sort(numbers, distinct, Comparer<double>.Default);
            StableOrdinalTies(distinct, numbers);
        }
        else
        {
            Array.Sort(distinct, StringComparer.Ordinal);
        }

        return distinct;
    }

    /// <summary>Creates a lookup from label text to class index.</summary>
    public static Dictionary<string, int> IndexOf(IReadOnlyList<string> classNames)
    {
        var index = new Dictionary<string, int>(classNames.Count, StringComparer.Ordinal);
        for (int i = 0; i < classNames.Count; i++)
        {
            if (!index.TryAdd(classNames[i], i))
            {
                throw new ArgumentException(
                    $"class '{classNames[i]}' appears twice in the class list, at {index[classNames[i]]} and {i}",
                    nameof(classNames));
            }
        }

        return index;
    }

    /// <summary>Formats the class list for error messages: 'a', 'b', 'c'.</summary>
    public static string Describe(IReadOnlyList<string> classNames) =>
        string.Join(", ", classNames.Select(name => $"'{name}'"));

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    // Array.Sort is not stable, so labels with equal values ("1", "1.0") are put in ordinal order.
    private static void StableOrdinalTies(string[] names, double[] numbers)
    {
        int start = 0;
        while (start < names.Length)
        {
            int end = start + 1;
            while (end < names.Length && numbers[end] == numbers[start])
            {
                end++;
            }

            Array.Sort(names, start, end - start, StringComparer.Ordinal);
            start = end;
        }
    }
}
