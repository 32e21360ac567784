using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// Scales each feature to [0, 1] over the training data: x' = (x - min) / (max - min). A constant
/// feature (max = min) is divided by 1 instead, so it becomes 0 and never NaN. Values outside
/// the training range map outside [0, 1].
/// </summary>
public sealed class MinMaxScaler : IFeatureScaler
{
    private readonly float[] _minimum;
    private readonly float[] _maximum;
    private readonly float[] _range;

    /// <summary>Creates a scaler from stored parameters, for example those of a saved model.</summary>
    /// <exception cref="ArgumentException">
    /// The arrays differ in length, contain NaN or infinity, or a maximum is below its minimum.
    /// </exception>
    public MinMaxScaler(float[] minimum, float[] maximum)
    {
        _minimum = AffineScaling.CopyFinite(minimum, nameof(minimum));
        _maximum = AffineScaling.CopyFinite(maximum, nameof(maximum));
        if (_minimum.Length != _maximum.Length)
        {
            throw new ArgumentException(
                $"there are {_minimum.Length} minimums but {_maximum.Length} maximums; give one of each per feature",
                nameof(maximum));
        }

        _range = new float[_minimum.Length];
        for (int i = 0; i < _range.Length; i++)
        {
            if (_maximum[i] < _minimum[i])
            {
                throw new ArgumentException(
                    $"feature {i} has maximum {_maximum[i]} below its minimum {_minimum[i]}", nameof(maximum));
            }

            _range[i] = AffineScaling.NonZeroScale(_maximum[i] - _minimum[i]);
        }
    }

    /// <summary>Smallest training value of each feature. The array is a copy.</summary>
    public float[] Minimum => (float[])_minimum.Clone();

    /// <summary>Largest training value of each feature. The array is a copy.</summary>
    public float[] Maximum => (float[])_maximum.Clone();

    /// <inheritdoc/>
    public int FeatureCount => _minimum.Length;

    /// <summary>Computes the minimum and maximum of each feature row of the training features.</summary>
    /// <exception cref="ArgumentException">The matrix has no columns.</exception>
    public static MinMaxScaler Fit(Matrix<float> features)
    {
        AffineScaling.ValidateNotEmpty(features, nameof(MinMaxScaler));
        float[] minimum = features.Column(0).ToArray();
        float[] maximum = features.Column(0).ToArray();
        for (int j = 1; j < features.Columns; j++)
        {
            Span<float> column = features.Column(j);
            TensorPrimitives.Min(minimum, column, minimum);
            TensorPrimitives.Max(maximum, column, maximum);
        }

        return new MinMaxScaler(minimum, maximum);
    }

    /// <inheritdoc/>
    public void TransformInPlace(Matrix<float> features) =>
        AffineScaling.Apply(features, _minimum, _range, nameof(MinMaxScaler));

    /// <inheritdoc/>
    public Matrix<float> Transform(Matrix<float> features)
    {
        Matrix<float> copy = features.Clone();
        TransformInPlace(copy);
        return copy;
    }

    /// <inheritdoc/>
    public void InverseTransformInPlace(Matrix<float> features) =>
        AffineScaling.Invert(features, _minimum, _range, nameof(MinMaxScaler));
}
