using System.Numerics;
using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>One-hot encoding of class labels, and mapping of label text to class indices.</summary>
public static class OneHot
{
    /// <summary>
    /// Encodes class indices as a classes x examples matrix with a 1 in row
    /// <c>labels[j]</c> of column j and 0 elsewhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="classCount"/> is less than 1, or a label is outside 0..classCount-1.
    /// </exception>
    public static Matrix<T> Encode<T>(ReadOnlySpan<int> labels, int classCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Positive(classCount);
        var encoded = new Matrix<T>(classCount, labels.Length);
        for (int j = 0; j < labels.Length; j++)
        {
            int label = labels[j];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    label,
                    $"label {label} at position {j} is outside the classes 0..{classCount - 1}; " +
                    "the labels must come from the same class list as the model");
            }

            encoded[label, j] = T.One;
        }

        return encoded;
    }

    /// <summary>
    /// Maps label text to indices into <paramref name="knownClasses"/>, for data read after
    /// training, whose labels must be among the classes seen in training.
    /// </summary>
    /// <exception cref="DataFormatException">A label is not one of <paramref name="knownClasses"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="knownClasses"/> lists a class twice.</exception>
    public static int[] MapLabels(IReadOnlyList<string> rawLabels, IReadOnlyList<string> knownClasses)
    {
        ArgumentNullException.ThrowIfNull(rawLabels);
        ArgumentNullException.ThrowIfNull(knownClasses);
        Dictionary<string, int> indexOf = ClassList.IndexOf(knownClasses);
        int[] labels = new int[rawLabels.Count];
        for (int j = 0; j < rawLabels.Count; j++)
        {
            if (!indexOf.TryGetValue(rawLabels[j], out labels[j]))
            {
                throw new DataFormatException(
                    $"label '{rawLabels[j]}' at position {j} is not one of the classes seen in training " +
                    $"({ClassList.Describe(knownClasses)}); remove those examples or train on data that contains the class");
            }
        }

        return labels;
    }
}
