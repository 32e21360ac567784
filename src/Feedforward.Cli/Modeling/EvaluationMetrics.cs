namespace Feedforward.Cli.Modeling;

/// <summary>Precision, recall and F1 of one class (or tag), with its number of true examples.</summary>
/// <remarks>A ratio whose denominator is 0 (a class never predicted, or never present) is reported as 0.</remarks>
internal sealed record ClassScore(string Name, double Precision, double Recall, double F1, long Support);

/// <summary>The metrics of a classifier: accuracy, confusion matrix (rows true class, columns predicted class) and per-class scores.</summary>
internal sealed record ClassificationMetrics(double Accuracy, long[,] Confusion, IReadOnlyList<ClassScore> PerClass)
{
    /// <summary>The unweighted mean of the per-class F1 scores.</summary>
    public double MacroF1 => PerClass.Average(c => c.F1);
}

/// <summary>The metrics of a regression, in the target's own units.</summary>
/// <param name="RSquared">1 - SS_res / SS_tot, or null when the targets are all equal (SS_tot = 0).</param>
internal sealed record RegressionMetrics(double MeanSquaredError, double MeanAbsoluteError, double? RSquared);

/// <summary>The metrics of a multi-label classifier.</summary>
/// <param name="SubsetAccuracy">Fraction of examples whose predicted tag set equals the true one.</param>
/// <param name="TagAccuracy">Fraction of (example, tag) pairs predicted correctly.</param>
internal sealed record MultilabelMetrics(double SubsetAccuracy, double TagAccuracy, IReadOnlyList<ClassScore> PerTag);

/// <summary>Computes evaluation metrics from true and predicted labels.</summary>
internal static class EvaluationMetrics
{
    public static ClassificationMetrics Classification(IReadOnlyList<string> classNames, int[] actual, int[] predicted)
    {
        int k = classNames.Count;
        var confusion = new long[k, k];
        long correct = 0;
        for (int j = 0; j < actual.Length; j++)
        {
            confusion[actual[j], predicted[j]]++;
            correct += actual[j] == predicted[j] ? 1 : 0;
        }

        var scores = new ClassScore[k];
        for (int c = 0; c < k; c++)
        {
            long truePositives = confusion[c, c];
            long support = 0;
            long predictedCount = 0;
            for (int other = 0; other < k; other++)
            {
                support += confusion[c, other];
                predictedCount += confusion[other, c];
            }

            scores[c] = Score(classNames[c], truePositives, predictedCount, support);
        }

        return new ClassificationMetrics(Ratio(correct, actual.Length), confusion, scores);
    }

    public static RegressionMetrics Regression(ReadOnlySpan<float> actual, ReadOnlySpan<float> predicted)
    {
        double mean = 0;
        foreach (float value in actual)
        {
            mean += value;
        }

        mean /= actual.Length;
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int j = 0; j < actual.Length; j++)
        {
            double error = (double)predicted[j] - actual[j];
            squared += error * error;
            absolute += Math.Abs(error);
            total += (actual[j] - mean) * (actual[j] - mean);
        }

        return new RegressionMetrics(squared / actual.Length, absolute / actual.Length, total > 0 ? 1 - (squared / total) : null);
    }

    /// <summary>Computes multi-label metrics from tags x examples tables of true and predicted tags.</summary>
    public static MultilabelMetrics Multilabel(IReadOnlyList<string> tagNames, bool[,] actual, bool[,] predicted)
    {
        int tags = actual.GetLength(0);
        int examples = actual.GetLength(1);
        long exactMatches = 0;
        long correctPairs = 0;
        for (int j = 0; j < examples; j++)
        {
            bool exact = true;
            for (int i = 0; i < tags; i++)
            {
                bool same = actual[i, j] == predicted[i, j];
                correctPairs += same ? 1 : 0;
                exact &= same;
            }

            exactMatches += exact ? 1 : 0;
        }

        var scores = new ClassScore[tags];
        for (int i = 0; i < tags; i++)
        {
            long truePositives = 0;
            long predictedCount = 0;
            long support = 0;
            for (int j = 0; j < examples; j++)
            {
                truePositives += actual[i, j] && predicted[i, j] ? 1 : 0;
                predictedCount += predicted[i, j] ? 1 : 0;
                support += actual[i, j] ? 1 : 0;
            }

            scores[i] = Score(tagNames[i], truePositives, predictedCount, support);
        }

        return new MultilabelMetrics(Ratio(exactMatches, examples), Ratio(correctPairs, (long)tags * examples), scores);
    }

    private static ClassScore Score(string name, long truePositives, long predictedCount, long support)
    {
        double precision = Ratio(truePositives, predictedCount);
        double recall = Ratio(truePositives, support);
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new ClassScore(name, precision, recall, f1, support);
    }

    private static double Ratio(long numerator, long denominator) => denominator > 0 ? (double)numerator / denominator : 0;
}
