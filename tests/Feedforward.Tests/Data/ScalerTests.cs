using Feedforward.Data;
using Feedforward.Tensors;

namespace Feedforward.Tests.Data;

public sealed class ScalerTests
{
    // Over three examples, feature 0 takes 1, 3 and 5, and feature 1 is the constant 4.
    private static Matrix<float> Training() => Matrix<float>.FromRows([[1f, 3f, 5f], [4f, 4f, 4f]]);

    private static Matrix<float> NewExample() => Matrix<float>.FromRows([[7f], [5f]]);

    [Fact]
    public void MinMax_FitsMinimumAndMaximum()
    {
        MinMaxScaler scaler = MinMaxScaler.Fit(Training());

        Assert.Equal(new[] { 1f, 4f }, scaler.Minimum);
        Assert.Equal(new[] { 5f, 4f }, scaler.Maximum);
        Assert.Equal(2, scaler.FeatureCount);
    }

    [Fact]
    public void MinMax_TransformsByHandValues()
    {
        MinMaxScaler scaler = MinMaxScaler.Fit(Training());

        float[][] scaled = scaler.Transform(Training()).ToRows();
        float[][] scaledNew = scaler.Transform(NewExample()).ToRows();

        Assert.Equal(new[] { 0f, 0.5f, 1f }, scaled[0]);
        Assert.Equal(new[] { 0f, 0f, 0f }, scaled[1]); // Constant: range taken as 1, so 4 - 4 = 0.
        Assert.Equal(1.5f, scaledNew[0][0]); // (7 - 1) / 4, outside [0, 1] because 7 is outside the training range.
        Assert.Equal(1f, scaledNew[1][0]); // (5 - 4) / 1.
    }

    [Fact]
    public void Standard_FitsPopulationStatistics()
    {
        StandardScaler scaler = StandardScaler.Fit(Training());

        Assert.Equal(new[] { 3f, 4f }, scaler.Mean);
        Assert.Equal(MathF.Sqrt(8f / 3f), scaler.StandardDeviation[0], 6);
        Assert.Equal(0f, scaler.StandardDeviation[1]);
    }

    [Fact]
    public void Standard_TransformsByHandValues()
    {
        StandardScaler scaler = StandardScaler.Fit(Training());

        float[][] scaled = scaler.Transform(Training()).ToRows();
        float[][] scaledNew = scaler.Transform(NewExample()).ToRows();

        // (1 - 3) / sqrt(8/3) = -sqrt(3/2), and (7 - 3) / sqrt(8/3) = sqrt(6).
        Assert.Equal(-MathF.Sqrt(1.5f), scaled[0][0], 5);
        Assert.Equal(0f, scaled[0][1], 6);
        Assert.Equal(MathF.Sqrt(1.5f), scaled[0][2], 5);
        Assert.Equal(new[] { 0f, 0f, 0f }, scaled[1]);
        Assert.Equal(MathF.Sqrt(6f), scaledNew[0][0], 5);
        Assert.Equal(1f, scaledNew[1][0]);
    }

    [Fact]
    public void Transform_LeavesInputUnchanged()
    {
        Matrix<float> training = Training();

        _ = StandardScaler.Fit(training).Transform(training);
        _ = MinMaxScaler.Fit(training).Transform(training);

        Assert.Equal(new[] { 1f, 3f, 5f }, training.ToRows()[0]);
    }

    [Fact]
    public void TransformInPlace_ThenInverse_RestoresValues()
    {
        IFeatureScaler[] scalers = [MinMaxScaler.Fit(Training()), StandardScaler.Fit(Training())];

        foreach (IFeatureScaler scaler in scalers)
        {
            Matrix<float> data = NewExample();
            scaler.TransformInPlace(data);
            Assert.NotEqual(7f, data[0, 0]);
            scaler.InverseTransformInPlace(data);
            Assert.Equal(7f, data[0, 0], 5);
            Assert.Equal(5f, data[1, 0], 5);
        }
    }

    [Fact]
    public void StoredParameters_GiveSameTransform()
    {
        MinMaxScaler minMax = MinMaxScaler.Fit(Training());
        StandardScaler standard = StandardScaler.Fit(Training());

        var minMaxCopy = new MinMaxScaler(minMax.Minimum, minMax.Maximum);
        var standardCopy = new StandardScaler(standard.Mean, standard.StandardDeviation);

        Assert.Equal(minMax.Transform(NewExample()).ToRows(), minMaxCopy.Transform(NewExample()).ToRows());
        Assert.Equal(standard.Transform(NewExample()).ToRows(), standardCopy.Transform(NewExample()).ToRows());
    }

    [Fact]
    public void Parameters_AreCopies()
    {
        MinMaxScaler scaler = MinMaxScaler.Fit(Training());

        scaler.Minimum[0] = 100f;

        Assert.Equal(1f, scaler.Minimum[0]);
    }

    [Fact]
    public void Transform_WrongFeatureCount_IsRejected()
    {
        StandardScaler scaler = StandardScaler.Fit(Training());

        var error = Assert.Throws<ArgumentException>(() => scaler.Transform(new Matrix<float>(3, 1)));

        Assert.Contains("fitted on 2 features but the matrix has 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoExamples_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => MinMaxScaler.Fit(new Matrix<float>(2, 0)));
        Assert.Throws<ArgumentException>(() => StandardScaler.Fit(new Matrix<float>(2, 0)));
    }

    [Fact]
    public void Constructor_InvalidParameters_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new MinMaxScaler([0f, 1f], [1f]));
        Assert.Throws<ArgumentException>(() => new MinMaxScaler([2f], [1f]));
        Assert.Throws<ArgumentException>(() => new StandardScaler([0f], [-1f]));
        Assert.Throws<ArgumentException>(() => new StandardScaler([float.NaN], [1f]));
    }
}
