using Feedforward.Activations;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

public class ActivationTests
{
    /// <summary>Closed-form values computed in double by CPython's math module agree to a few ulps.</summary>
    private const double ValueTolerance = 1e-14;

    /// <summary>float keeps about 7 significant digits, so float and double paths agree to this relative error.</summary>
    private const double FloatTolerance = 1e-5;

    public static TheoryData<string, double?> AllActivations()
    {
        var data = new TheoryData<string, double?>();
        foreach (string name in new[]
        {
            "linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "leaky_relu", "elu", "selu",
            "gelu", "gelu_tanh", "softplus", "swish", "silu", "mish", "hard_sigmoid",
        })
        {
            data.Add(name, null);
        }

        // Non-default parameters, where the kink of the derivative at 0 shows.
        data.Add("leaky_relu", 0.2);
        data.Add("elu", 0.5);
        return data;
    }

    private static Activation Create(string name, double? parameter) => parameter switch
    {
        null => ActivationCatalog.Create(name),
        double p when name == "leaky_relu" => ActivationCatalog.Create(name, new Dictionary<string, double> { ["slope"] = p }),
        double p => ActivationCatalog.Create(name, new Dictionary<string, double> { ["alpha"] = p }),
    };

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Backward_matches_finite_differences(string name, double? parameter)
    {
        ActivationCheckReport report = ActivationCheck.Run(Create(name, parameter), units: 5, examples: 8, range: 4, seed: name.Length);

        Assert.True(report.Passed, $"{name}: relative error {report.MaxRelativeError}");
    }

    public static TheoryData<string, double?, double> Kinks() => new()
    {
        { "relu", null, 0 },
        { "leaky_relu", 0.2, 0 },
        { "elu", 0.5, 0 },
        { "selu", null, 0 },
        { "hard_sigmoid", null, -3 },
        { "hard_sigmoid", null, 3 },
    };

    [Theory]
    [MemberData(nameof(Kinks))]
    public void Backward_matches_finite_differences_near_kink(string name, double? parameter, double kink)
    {
        // Points 1e-3 and more from the kink: the stencil (which spans 2h = 2e-4) stays on one side.
        double[] offsets = [-0.1, -0.01, -1e-3, 1e-3, 0.01, 0.1];
        var z = new Matrix<double>(1, offsets.Length);
        for (int j = 0; j < offsets.Length; j++)
        {
            z[0, j] = kink + offsets[j];
        }

        ActivationCheckReport report = ActivationCheck.Run(Create(name, parameter), z);

        Assert.True(report.Passed, $"{name} near {kink}: relative error {report.MaxRelativeError}");
    }

    public static TheoryData<string, double?, double, double, bool> DerivativesAtKinks() => new()
    {
        // name, parameter, kink, documented g'(kink), whether that value is the left limit (else the right).
        { "relu", null, 0, 0, true },
        { "leaky_relu", 0.2, 0, 0.2, true },
        { "leaky_relu", null, 0, 0.01, true },
        { "elu", 0.5, 0, 0.5, true },
        { "elu", null, 0, 1, true },
        { "selu", null, 0, Selu.Scale * Selu.Alpha, true },
        { "hard_sigmoid", null, -3, 0, true },
        { "hard_sigmoid", null, 3, 0, false },
    };

    [Theory]
    [MemberData(nameof(DerivativesAtKinks))]
    public void Derivative_at_kink_is_documented_one_sided_limit(string name, double? parameter, double kink, double expected, bool leftLimit)
    {
        Activation activation = Create(name, parameter);
        var z = Matrix<double>.FromRows([[kink]]);
        var a = new Matrix<double>(1, 1);
        var ones = Matrix<double>.FromRows([[1.0]]);
        var dZ = new Matrix<double>(1, 1);
        activation.Forward(z, a);
        activation.Backward(z, a, ones, dZ);

        Assert.Equal(expected, dZ[0, 0], ValueTolerance);

        // The one-sided difference quotient on the documented side tends to the same value.
        const double H = 1e-8;
        double side = leftLimit ? -H : H;
        double oneSided = (Value(activation, kink + side) - Value(activation, kink)) / side;
        Assert.Equal(expected, oneSided, 1e-6);
    }

    public static TheoryData<string, double, double> KnownValues() => new()
    {
        // Expected values computed in double with CPython's math module from the defining formulas.
        { "gelu", 1, 0.8413447460685429 },
        { "gelu", -1, -0.15865525393145707 },
        { "gelu", 0.5, 0.34573123063700656 },
        { "gelu", -3, -0.004049694094890287 },
        { "gelu_tanh", 1, 0.8411919906082768 },
        { "gelu_tanh", -1, -0.15880800939172324 },
        { "gelu_tanh", 0.5, 0.34571400982514394 },
        { "selu", 1, 1.0507009873554805 },
        { "selu", -1, -1.1113307378125625 },
        { "softplus", 0, 0.6931471805599453 },
        { "softplus", 2, 2.1269280110429727 },
        { "softplus", -2, 0.1269280110429725 },
        { "swish", 1, 0.7310585786300049 },
        { "silu", -2, -0.2384058440442351 },
        { "mish", 1, 0.8650983882673103 },
        { "mish", -2, -0.2525014826957089 },
        { "elu", -1, -0.6321205588285577 },
        { "leaky_relu", -2, -0.02 },
        { "leaky_relu", 3, 3 },
        { "hard_sigmoid", 0, 0.5 },
        { "hard_sigmoid", 1.5, 0.75 },
        { "hard_sigmoid", -4, 0 },
        { "hard_sigmoid", 3, 1 },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void Value_matches_reference(string name, double z, double expected)
    {
        Assert.Equal(expected, Value(ActivationCatalog.Create(name), z), ValueTolerance);
    }

    [Fact]
    public void Log_softmax_matches_reference_and_log_of_softmax()
    {
        var z = Matrix<double>.FromRows([[1.0], [2.0], [3.0]]);
        var logProbabilities = new Matrix<double>(3, 1);
        var probabilities = new Matrix<double>(3, 1);
        ActivationCatalog.LogSoftmax.Forward(z, logProbabilities);
        ActivationCatalog.Softmax.Forward(z, probabilities);

        double[] expected = [-2.40760596444438, -1.4076059644443801, -0.40760596444438013];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], logProbabilities[i, 0], ValueTolerance);
            Assert.Equal(Math.Log(probabilities[i, 0]), logProbabilities[i, 0], ValueTolerance);
        }
    }

    [Fact]
    public void Log_softmax_of_extreme_logits_is_finite()
    {
        // Softmax rounds e^-2000 to 0, so log(softmax) would be -∞; log-softmax keeps -2000.
        var z = Matrix<double>.FromRows([[1000.0], [-1000.0], [0.0]]);
        var a = new Matrix<double>(3, 1);
        ActivationCatalog.LogSoftmax.Forward(z, a);

        Assert.Equal(0.0, a[0, 0]);
        Assert.Equal(-2000.0, a[1, 0]);
        Assert.Equal(-1000.0, a[2, 0]);
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Extreme_inputs_give_finite_values_and_gradients(string name, double? parameter)
    {
        Activation activation = Create(name, parameter);
        var z = Matrix<double>.FromRows([[-1000.0, -40, -1e-300, 0, 1e-300, 40, 1000]]);
        if (activation is VectorActivation)
        {
            z = Matrix<double>.FromRows([[-1000.0, 0], [0, 1000], [1000, 1000]]);
        }

        var a = new Matrix<double>(z.Rows, z.Columns);
        var dA = new Matrix<double>(z.Rows, z.Columns);
        dA.AsSpan().Fill(1);
        var dZ = new Matrix<double>(z.Rows, z.Columns);
        activation.Forward(z, a);
        activation.Backward(z, a, dA, dZ);

        Assert.All(a.AsSpan().ToArray(), v => Assert.True(double.IsFinite(v), $"{name}: a = {v}"));
        Assert.All(dZ.AsSpan().ToArray(), v => Assert.True(double.IsFinite(v), $"{name}: dz = {v}"));
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Float_path_matches_double_path(string name, double? parameter)
    {
        Activation activation = Create(name, parameter);
        var random = new Random(5);
        Matrix<double> z = TestData.Uniform(4, 9, random, -5, 5);
        Matrix<double> dA = TestData.Uniform(4, 9, random);
        var (a, dZ) = ForwardBackward(activation, z, dA);
        var (aFloat, dZFloat) = ForwardBackward(activation, ToFloat(z), ToFloat(dA));

        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(a.AsSpan()[i], aFloat.AsSpan()[i], FloatTolerance * Math.Max(1, Math.Abs(a.AsSpan()[i])));
            Assert.Equal(dZ.AsSpan()[i], dZFloat.AsSpan()[i], FloatTolerance * Math.Max(1, Math.Abs(dZ.AsSpan()[i])));
        }
    }

    [Fact]
    public void Silu_is_swish()
    {
        Activation silu = ActivationCatalog.Create("silu");

        Assert.IsType<Swish>(silu);
        Assert.Equal("swish", silu.Name);
    }

    [Fact]
    public void Catalogue_creates_every_listed_name()
    {
        foreach (string name in ActivationCatalog.Names)
        {
            Assert.NotNull(ActivationCatalog.Create(name));
        }
    }

    [Fact]
    public void Parameters_reach_the_activation()
    {
        var leaky = Assert.IsType<LeakyRelu>(ActivationCatalog.Create("leaky_relu", new Dictionary<string, double> { ["slope"] = 0.3 }));
        var elu = Assert.IsType<Elu>(ActivationCatalog.Create("elu", new Dictionary<string, double> { ["alpha"] = 2 }));

        Assert.Equal(0.3, leaky.Slope);
        Assert.Equal(0.3, leaky.Parameters["slope"]);
        Assert.Equal(2, elu.Alpha);
        Assert.Equal(0.01, Assert.IsType<LeakyRelu>(ActivationCatalog.Create("leaky_relu")).Slope);
    }

    [Theory]
    [InlineData("relu", "slope", 0.1, "activation 'relu' has no parameter 'slope': it takes no parameters")]
    [InlineData("leaky_relu", "alpha", 0.1, "activation 'leaky_relu' has no parameter 'alpha': it takes slope")]
    [InlineData("selu", "alpha", 1.0, "activation 'selu' has no parameter 'alpha': it takes no parameters")]
    [InlineData("leaky_relu", "slope", 2.0, "leaky_relu slope must be a finite number in [0, 1), got 2")]
    [InlineData("leaky_relu", "slope", double.NaN, "leaky_relu slope must be a finite number in [0, 1), got NaN")]
    [InlineData("elu", "alpha", -1.0, "elu alpha must be a positive finite number, got -1")]
    [InlineData("elu", "alpha", double.PositiveInfinity, "elu alpha must be a positive finite number, got Infinity")]
    public void Invalid_parameters_are_rejected_by_name(string name, string parameter, double value, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ActivationCatalog.Create(name, new Dictionary<string, double> { [parameter] = value }));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationCatalog.Create("swishh"));

        Assert.Contains("unknown activation 'swishh'", e.Message, StringComparison.Ordinal);
        Assert.Contains("gelu_tanh", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1, 0.1124629160182849, 0.8875370839817152)]
    [InlineData(0.5, 0.5204998778130465, 0.4795001221869535)]
    [InlineData(0.999, 0.8422852702064969, 0.15771472979350307)]
    [InlineData(1.0, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(1.5, 0.9661051464753108, 0.033894853524689274)]
    [InlineData(2.0, 0.9953222650189527, 0.004677734981047265)]
    [InlineData(3.0, 0.9999779095030014, 2.2090496998585438e-05)]
    [InlineData(5.0, 0.9999999999984626, 1.5374597944280351e-12)]
    [InlineData(10.0, 1.0, 2.088487583762545e-45)]
    [InlineData(26.0, 1.0, 5.663192408856143e-296)]
    [InlineData(-0.3, -0.3286267594591274, 1.3286267594591274)]
    [InlineData(-2.5, -0.999593047982555, 1.999593047982555)]
    public void Error_function_matches_CPython(double x, double erf, double erfc)
    {
        // Reference values from CPython's math.erf and math.erfc; erfc is compared in relative
        // terms because its point is precision where erf rounds to 1.
        const double RelativeTolerance = 5e-14;
        Assert.Equal(erf, SpecialFunctions.Erf(x), RelativeTolerance * Math.Abs(erf));
        Assert.Equal(erfc, SpecialFunctions.Erfc(x), RelativeTolerance * Math.Abs(erfc));
    }

    private static double Value(Activation activation, double z)
    {
        var input = Matrix<double>.FromRows([[z]]);
        var output = new Matrix<double>(1, 1);
        activation.Forward(input, output);
        return output[0, 0];
    }

    private static (Matrix<T> A, Matrix<T> DZ) ForwardBackward<T>(Activation activation, Matrix<T> z, Matrix<T> dA)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new Matrix<T>(z.Rows, z.Columns);
        var dZ = new Matrix<T>(z.Rows, z.Columns);
        activation.Forward(z, a);
        activation.Backward(z, a, dA, dZ);
        return (a, dZ);
    }

    private static Matrix<float> ToFloat(Matrix<double> source)
    {
        var result = new Matrix<float>(source.Rows, source.Columns);
        for (int i = 0; i < source.Length; i++)
        {
            result.AsSpan()[i] = (float)source.AsSpan()[i];
        }

        return result;
    }
}
