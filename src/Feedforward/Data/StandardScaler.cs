using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// Standardizes each feature over the training data: x' = (x - mean) / standard deviation, with
/// the population standard deviation (dividing by n, as scikit-learn's StandardScaler does). A
/// constant feature (standard deviation 0) is divided by 1 instead, so it becomes 0 and never NaN.
/// </summary>
public sealed class StandardScaler : IFeatureScaler
{
    private readonly float[] _mean;
    private readonly float[] _standardDeviation;
    private readonly float[] _scale;

    /// <summary>Creates a scaler from stored parameters, for example those of a saved model.</summary>
    /// <exception cref="ArgumentException">
    /// The arrays differ in length, contain NaN or infinity, or a standard deviation is negative.
    /// </exception>
    public StandardScaler(float[] mean, float[] standardDeviation)
    {
        _mean = AffineScaling.CopyFinite(mean, nameof(mean));
        _standardDeviation = AffineScaling.CopyFinite(standardDeviation, nameof(standardDeviation));
        if (_mean.Length != _standardDeviation.Length)
        {
            throw new ArgumentException(
                $"there are {_mean.Length} means but {_standardDeviation.Length} standard deviations; give one of each per feature",
                nameof(standardDeviation));
        }

        _scale = new float[_mean.Length];
        for (int i = 0; i < _scale.Length; i++)
        {
            if (_standardDeviation[i] < 0)
            {
                throw new ArgumentException(
                    $"feature {i} has a negative standard deviation {_standardDeviation[i]}", nameof(standardDeviation));
            }

            _scale[i] = AffineScaling.NonZeroScale(_standardDeviation[i]);
        }
    }

    /// <summary>Training mean of each feature. The array is a copy.</summary>
    public float[] Mean => (float[])_mean.Clone();

    /// <summary>Training population standard deviation of each feature (0 for a constant one). The array is a copy.</summary>
    public float[] StandardDeviation => (float[])_standardDeviation.Clone();

    /// <inheritdoc/>
    public int FeatureCount => _mean.Length;

    /// <summary>Computes the mean and standard deviation of each feature row of the training features.</summary>
    /// <remarks>Sums are accumulated in double, in two passes, so large offsets do not cost precision.</remarks>
    /// <exception cref="ArgumentException">The matrix has no columns.</exception>
    public static StandardScaler Fit(Matrix<float> features)
    {
        AffineScaling.ValidateNotEmpty(features, nameof(StandardScaler));
        double[] mean = RowMeans(features);
        double[] variance = RowVariances(features, mean);

        float[] meanSingle = new float[mean.Length];
        float[] deviationSingle = new float[mean.Length];
        for (int i = 0; i < mean.Length; i++)
        {
            meanSingle[i] = (float)mean[i];
            deviationSingle[i] = (float)Math.Sqrt(variance[i]);
        }

        return new StandardScaler(meanSingle, deviationSingle);
    }

    /// <inheritdoc/>
    public void TransformInPlace(Matrix<float> features) =>
        AffineScaling.Apply(features, _mean, _scale, nameof(StandardScaler));

    /// <inheritdoc/>
    public Matrix<float> Transform(Matrix<float> features)
    {
        Matrix<float> copy = features.Clone();
        TransformInPlace(copy);
        return copy;
    }

    /// <inheritdoc/>
    public void InverseTransformInPlace(Matrix<float> features) =>
        AffineScaling.Invert(features, _mean, _scale, nameof(StandardScaler));

    private static double[] RowMeans(Matrix<float> features)
    {
        double[] sum = new double[features.Rows];
        for (int j = 0; j < features.Columns; j++)
        {
            Span<float> column = features.Column(j);
            for (int i = 0; i < column.Length; i++)
            {
                sum[i] += column[i];
            }
        }

        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] /= features.Columns;
        }

        return sum;
    }

    private static double[] RowVariances(Matrix<float> features, double[] mean)
    {
        double[] sumOfSquares = new double[features.Rows];
        for (int j = 0; j < features.Columns; j++)
        {
            Span<float> column = features.Column(j);
            for (int i = 0; i < column.Length; i++)
            {
                double deviation = column[i] - mean[i];
                sumOfSquares[i] += deviation * deviation;
            }
        }

        for (int i = 0; i < sumOfSquares.Length; i++)
        {
            sumOfSquares[i] /= features.Columns;
        }

        return sumOfSquares;
    }
}
