namespace Feedforward.Data;

/// <summary>Options of <see cref="CsvReader"/>: which column is the label and what it means.</summary>
public sealed class CsvReadOptions
{
    /// <summary>
    /// Name of the label column, as written in the header (case-sensitive). When neither this
    /// nor <see cref="LabelColumnIndex"/> is set, the last column is the label.
    /// </summary>
    public string? LabelColumn { get; init; }

    /// <summary>Zero-based position of the label column. Set this or <see cref="LabelColumn"/>, not both.</summary>
    public int? LabelColumnIndex { get; init; }

    /// <summary>Whether the label is a class or a number. The default is classification.</summary>
    public TaskKind Task { get; init; } = TaskKind.Classification;

    /// <summary>
    /// Classes seen in training, for reading validation or test data: when set, labels map to
    /// indices into this list and a label outside it is an error. When null, the classes are the
    /// distinct labels of the file, sorted as <see cref="Dataset.ClassNames"/> describes.
    /// Used only for classification.
    /// </summary>
    public IReadOnlyList<string>? KnownClasses { get; init; }
}
