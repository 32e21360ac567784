using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// A set of examples: a features matrix with one column per example, and optionally class
/// labels (classification) or a targets matrix (regression or multi-label).
/// </summary>
/// <remarks>
/// A dataset is not copied on construction: it keeps the matrices and arrays it is given.
/// <see cref="Subset"/> and <see cref="Split"/> copy.
/// </remarks>
public sealed class Dataset
{
    private readonly int[]? _labels;

    /// <summary>Creates a dataset and checks that all parts agree on the number of examples.</summary>
    /// <param name="features">Features x examples.</param>
    /// <param name="featureNames">One name per feature row.</param>
    /// <param name="labels">Class index per example, or null. Requires <paramref name="classNames"/>.</param>
    /// <param name="classNames">Original label text per class index, or null when there are no labels.</param>
    /// <param name="targets">Targets x examples, or null.</param>
    /// <exception cref="ArgumentException">The parts disagree in size, or a label is outside the classes.</exception>
    public Dataset(
        Matrix<float> features,
        IReadOnlyList<string> featureNames,
        int[]? labels = null,
        IReadOnlyList<string>? classNames = null,
        Matrix<float>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ValidateFeatureNames(features, featureNames);
        ValidateLabels(features.Columns, labels, classNames);
        ValidateTargets(features.Columns, targets);

        Features = features;
        FeatureNames = featureNames;
        _labels = labels;
        ClassNames = classNames;
        Targets = targets;
    }

    /// <summary>Features x examples, one column per example.</summary>
    public Matrix<float> Features { get; }

    /// <summary>Feature names, one per row of <see cref="Features"/>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Class index per example, or null for a dataset without class labels.</summary>
    /// <remarks>The array is the dataset's own, not a copy.</remarks>
    public int[]? Labels => _labels;

    /// <summary>
    /// Original label text per class index, or null without labels. Readers sort the names
    /// numerically when every label is a number and in ordinal string order otherwise.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Number of classes, 0 when the dataset has no class labels.</summary>
    public int ClassCount => ClassNames?.Count ?? 0;

    /// <summary>Targets x examples, or null for a dataset without regression targets.</summary>
    public Matrix<float>? Targets { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Features.Columns;

    /// <summary>Copies the examples at the given indices, in that order, into a new dataset.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..Count-1.</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        for (int k = 0; k < indices.Length; k++)
        {
            if ((uint)indices[k] >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices),
                    $"index {indices[k]} at position {k} is outside the dataset's examples 0..{Count - 1}");
            }
        }

        return new Dataset(
            CopyColumns(Features, indices),
            FeatureNames,
            _labels is null ? null : CopyLabels(_labels, indices),
            ClassNames,
            Targets is { } targets ? CopyColumns(targets, indices) : null);
    }

    /// <summary>
    /// Shuffles the examples with <paramref name="seed"/> and splits them into a training and a
    /// validation part, without stratification.
    /// </summary>
    /// <remarks>
    /// The validation part has round(Count x <paramref name="validationFraction"/>) examples,
    /// rounding halves away from zero. The shuffle uses <see cref="Random"/> seeded with
    /// <paramref name="seed"/>, so the same seed gives the same split on the same .NET version.
    /// Other .NET versions may change the sequence.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">One of the two parts would be empty.</exception>
    public (Dataset Train, Dataset Validation) Split(double validationFraction, int seed)
    {
        int validationCount = ValidationCount(validationFraction);
        int[] order = ShuffledIndices(Count, seed);
        Dataset validation = Subset(order.AsSpan(0, validationCount));
        Dataset train = Subset(order.AsSpan(validationCount));
        return (train, validation);
    }

    private int ValidationCount(double validationFraction)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction),
                validationFraction,
                $"the validation fraction must be strictly between 0 and 1, got {validationFraction}");
        }

        int validationCount = (int)Math.Round(Count * validationFraction, MidpointRounding.AwayFromZero);
        if (validationCount == 0 || validationCount == Count)
        {
            string emptyPart = validationCount == 0 ? "validation" : "training";
            throw new ArgumentException(
                $"a validation fraction of {validationFraction} of {Count} examples leaves the {emptyPart} part empty; " +
                "choose a fraction that gives both parts at least one example, or use more data",
                nameof(validationFraction));
        }

        return validationCount;
    }

    private static int[] ShuffledIndices(int count, int seed)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        // Fisher-Yates. Random is only used to pick a permutation, never for security.
#pragma warning disable CA5394
        var random = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
#pragma warning restore CA5394

        return order;
    }

    private static Matrix<float> CopyColumns(Matrix<float> source, ReadOnlySpan<int> indices)
    {
        var copy = new Matrix<float>(source.Rows, indices.Length);
        for (int k = 0; k < indices.Length; k++)
        {
            source.Column(indices[k]).CopyTo(copy.Column(k));
        }

        return copy;
    }

    private static int[] CopyLabels(int[] labels, ReadOnlySpan<int> indices)
    {
        int[] copy = new int[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            copy[k] = labels[indices[k]];
        }

        return copy;
    }

    private static void ValidateFeatureNames(Matrix<float> features, IReadOnlyList<string> featureNames)
    {
        if (featureNames.Count != features.Rows)
        {
            throw new ArgumentException(
                $"there are {featureNames.Count} feature names for {features.Rows} feature rows; give one name per row",
                nameof(featureNames));
        }
    }

    private static void ValidateLabels(int count, int[]? labels, IReadOnlyList<string>? classNames)
    {
        if (labels is null)
        {
            return;
        }

        if (classNames is null)
        {
            throw new ArgumentException("labels need class names, so that each class index has a meaning", nameof(classNames));
        }

        if (labels.Length != count)
        {
            throw new ArgumentException(
                $"there are {labels.Length} labels for {count} examples; give one label per example", nameof(labels));
        }

        for (int j = 0; j < labels.Length; j++)
        {
            if ((uint)labels[j] >= (uint)classNames.Count)
            {
                throw new ArgumentException(
                    $"label {labels[j]} of example {j} is outside the class indices 0..{classNames.Count - 1}",
                    nameof(labels));
            }
        }
    }

    private static void ValidateTargets(int count, Matrix<float>? targets)
    {
        if (targets is { } matrix && matrix.Columns != count)
        {
            throw new ArgumentException(
                $"the targets matrix is {matrix.Shape} but there are {count} examples; give one target column per example",
                nameof(targets));
        }
    }
}
