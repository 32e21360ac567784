namespace Feedforward.Activations;

/// <summary>The built-in activations, lookup by snake_case name, and registration of custom ones.</summary>
/// <remarks>
/// Every name rejects parameters it does not take, and each activation's constructor rejects
/// invalid values, so a typo in a model file or on the command line fails with a message that
/// names the parameter rather than being ignored.
/// </remarks>
public static class ActivationCatalog
{
    /// <summary>g(z) = z.</summary>
    public static Activation Linear { get; } = new Linear();

    /// <summary>g(z) = max(z, 0).</summary>
    public static Activation Relu { get; } = new Relu();

    /// <summary>g(z) = 1 / (1 + e^-z).</summary>
    public static Activation Sigmoid { get; } = new Sigmoid();

    /// <summary>g(z) = tanh z.</summary>
    public static Activation Tanh { get; } = new Tanh();

    /// <summary>Softmax over each column.</summary>
    public static Activation Softmax { get; } = new Softmax();

    /// <summary>Log-softmax over each column.</summary>
    public static Activation LogSoftmax { get; } = new LogSoftmax();

    /// <summary>SELU with its fixed constants.</summary>
    public static Activation Selu { get; } = new Selu();

    /// <summary>GELU, exact erf form.</summary>
    public static Activation Gelu { get; } = new Gelu();

    /// <summary>GELU, tanh approximation.</summary>
    public static Activation GeluTanh { get; } = new GeluTanh();

    /// <summary>g(z) = ln(1 + e^z).</summary>
    public static Activation Softplus { get; } = new Softplus();

    /// <summary>g(z) = z σ(z), also called SiLU.</summary>
    public static Activation Swish { get; } = new Swish();

    /// <summary>g(z) = z tanh(softplus(z)).</summary>
    public static Activation Mish { get; } = new Mish();

    /// <summary>g(z) = relu6(z + 3) / 6.</summary>
    public static Activation HardSigmoid { get; } = new HardSigmoid();

    private static readonly Lock Gate = new();

    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>?, Activation>> Factories = new(StringComparer.Ordinal)
    {
        ["linear"] = p => Fixed("linear", p, Linear),
        ["relu"] = p => Fixed("relu", p, Relu),
        ["sigmoid"] = p => Fixed("sigmoid", p, Sigmoid),
        ["tanh"] = p => Fixed("tanh", p, Tanh),
        ["softmax"] = p => Fixed("softmax", p, Softmax),
        ["log_softmax"] = p => Fixed("log_softmax", p, LogSoftmax),
        ["leaky_relu"] = CreateLeakyRelu,
        ["elu"] = CreateElu,
        ["selu"] = p => Fixed("selu", p, Selu),
        ["gelu"] = p => Fixed("gelu", p, Gelu),
        ["gelu_tanh"] = p => Fixed("gelu_tanh", p, GeluTanh),
        ["softplus"] = p => Fixed("softplus", p, Softplus),
        ["swish"] = p => Fixed("swish", p, Swish),
        ["silu"] = p => Fixed("silu", p, Swish),
        ["mish"] = p => Fixed("mish", p, Mish),
        ["hard_sigmoid"] = p => Fixed("hard_sigmoid", p, HardSigmoid),
    };

    /// <summary>The snake_case names <see cref="Create"/> accepts, built-in and registered.</summary>
    public static IReadOnlyCollection<string> Names
    {
        get
        {
            lock (Gate)
            {
                return [.. Factories.Keys];
            }
        }
    }

    /// <summary>Creates the activation with the given snake_case name and parameters.</summary>
    /// <exception cref="ArgumentException">The name is unknown, a parameter name is unknown, or a parameter value is invalid.</exception>
    public static Activation Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Func<IReadOnlyDictionary<string, double>?, Activation>? factory;
        lock (Gate)
        {
            if (!Factories.TryGetValue(name, out factory))
            {
                throw new ArgumentException(
                    $"unknown activation '{name}': expected one of {string.Join(", ", Factories.Keys)}", nameof(name));
            }
        }

        return factory(parameters);
    }

    /// <summary>
    /// Adds a custom activation under <paramref name="name"/>, so that <see cref="Create"/> and
    /// model files can refer to it. The factory receives the parameters from the model file or
    /// caller (an empty dictionary when none were given) and should reject names it does not take.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, Activation> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        lock (Gate)
        {
            if (Factories.ContainsKey(name))
            {
                throw new ArgumentException($"activation '{name}' is already in the catalogue; register the custom one under another name", nameof(name));
            }

            Factories[name] = p => factory(p ?? new Dictionary<string, double>());
        }
    }

    private static Activation Fixed(string name, IReadOnlyDictionary<string, double>? parameters, Activation activation)
    {
        _ = new ParameterReader("activation", name, parameters);
        return activation;
    }

    private static LeakyRelu CreateLeakyRelu(IReadOnlyDictionary<string, double>? parameters)
    {
        var reader = new ParameterReader("activation", "leaky_relu", parameters, "slope");
        return new LeakyRelu(reader.Get("slope", LeakyRelu.DefaultSlope));
    }

    private static Elu CreateElu(IReadOnlyDictionary<string, double>? parameters)
    {
        var reader = new ParameterReader("activation", "elu", parameters, "alpha");
        return new Elu(reader.Get("alpha", 1.0));
    }
}
