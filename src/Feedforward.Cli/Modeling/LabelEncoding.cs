using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Data;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Cli.Modeling;

/// <summary>The values that class labels (or tags) become in the target matrix, as the cost expects them.</summary>
internal enum TargetForm
{
    /// <summary>1 for the true class (or a set tag) and 0 elsewhere; one output of two classes gets 0 or 1.</summary>
    Indicator,

    /// <summary>One row with the index of the true class (sparse_categorical_cross_entropy).</summary>
    ClassIndex,

    /// <summary>+1 for the true class (or a set tag) and -1 elsewhere (hinge and squared_hinge).</summary>
    Signed,
}

/// <summary>
/// How labels become target matrices and how network outputs become predictions, for one task
/// and one fixed list of classes (or tags). Two classes use one output (the probability, or with
/// ±1 targets the score, of the second class) unless the network was built with one output per class.
/// </summary>
internal sealed class LabelEncoding
{
    /// <summary>The character that separates the tags of one multi-label example.</summary>
    public const char TagSeparator = ';';

    private readonly Dictionary<string, int> _indexOf;

    private LabelEncoding(LearningTask task, IReadOnlyList<string> classNames, int outputSize, TargetForm form, bool logProbabilities)
    {
        Task = task;
        ClassNames = classNames;
        OutputSize = outputSize;
        Form = form;
        LogProbabilities = logProbabilities;
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

    /// <summary>The values of the targets.</summary>
    public TargetForm Form { get; }

    /// <summary>Whether the outputs are log-probabilities (after log_softmax), which predictions turn back into probabilities.</summary>
    public bool LogProbabilities { get; }

    /// <summary>Whether this is two-class classification with one output, the probability (or score) of <c>ClassNames[1]</c>.</summary>
    public bool IsBinary => Task == LearningTask.Classification && OutputSize == 1;

    /// <summary>What <see cref="ClassScores"/> returns: "probability", or "score" for ±1 targets, whose outputs are not probabilities.</summary>
    public string ScoreKind => Form == TargetForm.Signed ? "score" : "probability";

    /// <summary>The output value from which one output predicts its class (or tag): 0 for ±1 targets, 0.5 otherwise.</summary>
    public float DecisionThreshold => Form == TargetForm.Signed ? 0f : 0.5f;

    /// <summary>Returns the target form a cost expects.</summary>
    public static TargetForm FormFor(Cost cost) => cost switch
    {
        SparseCategoricalCrossEntropy => TargetForm.ClassIndex,
        Hinge or SquaredHinge => TargetForm.Signed,
        _ => TargetForm.Indicator,
    };

    /// <summary>Creates the encoding of a classification task; two classes get one output unless <paramref name="oneOutputPerClass"/>.</summary>
    /// <exception cref="CliException">There are fewer than two classes.</exception>
    public static LabelEncoding ForClassification(IReadOnlyList<string> classNames, bool oneOutputPerClass, TargetForm form, bool logProbabilities)
    {
        if (classNames.Count < 2)
        {
            throw new CliException(
                $"the training labels contain only the class '{string.Join("", classNames)}': classification needs at least two classes (use --task regression for a numeric label)");
        }

        int outputs = classNames.Count == 2 && !oneOutputPerClass ? 1 : classNames.Count;
        return new LabelEncoding(LearningTask.Classification, classNames, outputs, form, logProbabilities);
    }

    /// <summary>Creates the encoding of a multi-label task from the training labels, with the tags in ordinal order.</summary>
    public static LabelEncoding ForMultilabel(Dataset training, TargetForm form)
    {
        string[] tags = [.. LabelTexts(training).SelectMany(SplitTags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new LabelEncoding(LearningTask.Multilabel, tags, tags.Length, form, logProbabilities: false);
    }

    /// <summary>Creates the encoding of a regression task: one output, the predicted number.</summary>
    public static LabelEncoding ForRegression() => new(LearningTask.Regression, [], 1, TargetForm.Indicator, logProbabilities: false);

    /// <summary>Recreates the encoding of a model from its task, its classes and its network, whose cost and output activation decide the targets and outputs.</summary>
    public static LabelEncoding Restore<T>(LearningTask task, IReadOnlyList<string> classNames, Network<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new(task, classNames, network.OutputSize, FormFor(network.Cost), network.Layers[^1].Activation is LogSoftmax);

    /// <summary>Returns the targets Y of a labelled dataset in the form of <see cref="Form"/>: outputs x examples, or 1 x examples of class indices.</summary>
    /// <exception cref="CliException">A label is not among the classes or tags of this encoding.</exception>
    public Matrix<float> EncodeTargets(Dataset data)
    {
        if (Task == LearningTask.Regression)
        {
            return data.Targets?.Clone()
                ?? throw new CliException("the data has class labels but the model predicts numbers: use data with a numeric label column");
        }

        float off = Form == TargetForm.Signed ? -1 : 0;
        if (Task == LearningTask.Multilabel)
        {
            var tagTargets = new Matrix<float>(OutputSize, data.Count);
            bool[,] tags = TagMatrix(data);
            for (int j = 0; j < data.Count; j++)
            {
                for (int i = 0; i < OutputSize; i++)
                {
                    tagTargets[i, j] = tags[i, j] ? 1 : off;
                }
            }

            return tagTargets;
        }

        int[] classes = ClassIndices(data);
        if (Form == TargetForm.ClassIndex)
        {
            var indices = new Matrix<float>(1, data.Count);
            for (int j = 0; j < classes.Length; j++)
            {
                indices[0, j] = classes[j];
            }

            return indices;
        }

        var targets = new Matrix<float>(OutputSize, data.Count);
        targets.AsSpan().Fill(off);
        for (int j = 0; j < classes.Length; j++)
        {
            if (IsBinary)
            {
                targets[0, j] = classes[j] == 1 ? 1 : off;
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
            return output[0] >= DecisionThreshold ? 1 : 0;
        }

        return Metrics.ArgMax(output);
    }

    /// <summary>Returns whether one output of a multi-label model predicts its tag.</summary>
    public bool PredictsTag(float output) => output >= DecisionThreshold;

    /// <summary>
    /// Returns the probability of each class (or tag) for one output column, or with ±1 targets
    /// each class's score (two classes with one output s give -s and s).
    /// </summary>
    public float[] ClassScores(ReadOnlySpan<float> output)
    {
        if (IsBinary)
        {
            return Form == TargetForm.Signed ? [-output[0], output[0]] : [1 - output[0], output[0]];
        }

        float[] scores = output.ToArray();
        if (LogProbabilities)
        {
            System.Numerics.Tensors.TensorPrimitives.Exp(scores, scores);
        }

        return scores;
    }

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
                    if (PredictsTag(output[i]))
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
