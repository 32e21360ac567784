using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// A per-feature affine map x' = (x - offset) / scale, fitted on training features and then
/// applied unchanged to validation, test and prediction data.
/// </summary>
public interface IFeatureScaler
{
    /// <summary>Number of features (matrix rows) the scaler was fitted on.</summary>
    int FeatureCount { get; }

    /// <summary>Scales each feature row of <paramref name="features"/> in place.</summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="FeatureCount"/> rows.</exception>
    void TransformInPlace(Matrix<float> features);

    /// <summary>Returns a scaled copy of <paramref name="features"/> and leaves the input unchanged.</summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="FeatureCount"/> rows.</exception>
    Matrix<float> Transform(Matrix<float> features);

    /// <summary>Undoes <see cref="TransformInPlace"/>, for example to turn scaled predictions back into original units.</summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="FeatureCount"/> rows.</exception>
    void InverseTransformInPlace(Matrix<float> features);
}
