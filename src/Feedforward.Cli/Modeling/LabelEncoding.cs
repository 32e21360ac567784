using Feedforward.Data;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Cli.Modeling;

/// <summary>
/// How labels become target matrices and how network outputs become predictions, for one task
/// and one fixed list of classes (or tags). Two classes use one sigmoid output (the probability
/// of the second class) unless the network was built with one output per class.
/// </summary>
internal sealed class LabelEncoding
{
    /// <summary>The character that separates the tags of one multi-label example.</summary>
    public const char TagSeparator = ';';

    private readonly Dictionary<string, int> _indexOf;

    private LabelEncoding(LearningTask task, IReadOnlyList<string> classNames, int outputSize)
    {
        Task = task;
        ClassNames = classNames;
        OutputSize = outputSize;
        _indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classNames.Count; i++)
        {
            _indexOf[classNames[i]] = i;
        }
    }

    public LearningTask Task { get; }

    /// <summary>The classes (classification) or tags (multi-label) in output order, empty for regression.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>n[L], the number of network outputs.</summary>
    public int OutputSize { get; }

    /// <summary>Whether this is two-class classification with one output, the probability of <c>ClassNames[1]</c>.</summary>
    public bool IsBinary => Task == LearningTask.Classification && OutputSize == 1;

    /// <summary>Creates the encoding of a classification task; two classes get one output unless <paramref name="oneOutputPerClass"/>.</summary>
    /// <exception cref="CliException">There are fewer than two classes.</exception>
    public static LabelEncoding ForClassification(IReadOnlyList<string> classNames, bool oneOutputPerClass)
    {
        if (classNames.Count < 2)
        {
            throw new CliException(
                $"the training labels contain only the class '{string.Join("", classNames)}': classification needs at least two classes (use --task regression for a numeric label)");
        }

        int outputs = classNames.Count == 2 && !oneOutputPerClass ? 1 : classNames.Count;
        return new LabelEncoding(LearningTask.Classification, classNames, outputs);
    }

    /// <summary>Creates the encoding of a multi-label task from the training labels, with the tags in ordinal order.</summary>
    public static LabelEncoding ForMultilabel(Dataset training)
    {
        string[] tags = [.. LabelTexts(training).SelectMany(SplitTags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new LabelEncoding(LearningTask.Multilabel, tags, tags.Length);
    }

    /// <summary>Creates the encoding of a regression task: one output, the predicted number.</summary>
    public static LabelEncoding ForRegression() => new(LearningTask.Regression, [], 1);

    /// <summary>Recreates the encoding stored with a model.</summary>
    public static LabelEncoding Restore(LearningTask task, IReadOnlyList<string> classNames, int outputSize) =>
        new(task, classNames, outputSize);

    /// <summary>Returns the targets Y (outputs x examples) of a labelled dataset.</summary>
    /// <exception cref="CliException">A label is not among the classes or tags of this encoding.</exception>
    public Matrix<float> EncodeTargets(Dataset data)
    {
        if (Task == LearningTask.Regression)
        {
            return data.Targets?.Clone()
                ?? throw new CliException("the data has class labels but the model predicts numbers: use data with a numeric label column");
        }

        var targets = new Matrix<float>(OutputSize, data.Count);
        if (Task == LearningTask.Multilabel)
        {
            bool[,] tags = TagMatrix(data);
            for (int j = 0; j < data.Count; j++)
            {
                for (int i = 0; i < OutputSize; i++)
                {
                    targets[i, j] = tags[i, j] ? 1 : 0;
                }
            }

            return targets;
        }

        int[] classes = ClassIndices(data);
        for (int j = 0; j < classes.Length; j++)
        {
            if (IsBinary)
            {
                targets[0, j] = classes[j];
            }
            else
            {
                targets[classes[j], j] = 1;
            }
        }

        return targets;
    }

    /// <summary>Returns each example's class as an index into <see cref="ClassNames"/>.</summary>
    /// <exception cref="CliException">A label is not one of <see cref="ClassNames"/>.</exception>
    public int[] ClassIndices(Dataset data)
    {
        string[] texts = LabelTexts(data);
        int[] classes = new int[texts.Length];
        for (int j = 0; j < texts.Length; j++)
        {
            classes[j] = _indexOf.TryGetValue(texts[j], out int index) ? index
                : throw new CliException(
                    $"label '{texts[j]}' of example {j + 1} is not one of the classes seen in training ({Describe(ClassNames)}): remove those examples or train on data that contains the class");
        }

        return classes;
    }

    /// <summary>Returns whether tag i is set for example j, as a tags x examples table.</summary>
    /// <exception cref="CliException">A tag is not one of <see cref="ClassNames"/>.</exception>
    public bool[,] TagMatrix(Dataset data)
    {
        string[] texts = LabelTexts(data);
        var tags = new bool[OutputSize, texts.Length];
        for (int j = 0; j < texts.Length; j++)
        {
            foreach (string tag in SplitTags(texts[j]))
            {
                int i = _indexOf.TryGetValue(tag, out int index) ? index
                    : throw new CliException(
                        $"tag '{tag}' of example {j + 1} is not one of the tags seen in training ({Describe(ClassNames)}): remove those examples or train on data that contains the tag");
                tags[i, j] = true;
            }
        }

        return tags;
    }

    /// <summary>Returns the predicted class of one output column.</summary>
    public int PredictClass(ReadOnlySpan<float> output)
    {
        if (IsBinary)
        {
            return output[0] >= 0.5f ? 1 : 0;
        }

        return Metrics.ArgMax(output);
    }

    /// <summary>Returns the probability of each class (or tag) for one output column.</summary>
    public float[] Probabilities(ReadOnlySpan<float> output) =>
        IsBinary ? [1 - output[0], output[0]] : output.ToArray();

    /// <summary>Returns the text of a prediction: the class, the ';'-separated tags, or the number.</summary>
    public string PredictionText(ReadOnlySpan<float> output)
    {
        switch (Task)
        {
            case LearningTask.Regression:
                return output[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            case LearningTask.Multilabel:
                var tags = new List<string>();
                for (int i = 0; i < output.Length; i++)
                {
                    if (output[i] >= 0.5f)
                    {
                        tags.Add(ClassNames[i]);
                    }
                }

                return string.Join(TagSeparator, tags);
            default:
                return ClassNames[PredictClass(output)];
        }
    }

    /// <summary>Formats a class list for messages: 'a', 'b', 'c'.</summary>
    public static string Describe(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static IEnumerable<string> SplitTags(string label) =>
        label.Split(TagSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string[] LabelTexts(Dataset data)
    {
        if (data.Labels is not { } labels || data.ClassNames is not { } names)
        {
            throw new CliException("the data has numeric targets but the model predicts classes: use data with a class label column");
        }

        return [.. labels.Select(label => names[label])];
    }
}
