namespace Feedforward.Activations;

/// <summary>
/// An element-wise activation given by a user's g and g', both in double; its backward pass is
/// equation (6.20) eq:custom-activation in docs/derivation.md.
/// </summary>
/// <remarks>
/// Each element is converted to double, passed to the delegates, and converted back, so a
/// float network pays two conversions and two delegate calls per element.
/// </remarks>
internal sealed class CustomElementwiseActivation : ElementwiseActivation
{
    private readonly Func<double, double> _function;
    private readonly Func<double, double> _derivative;

    public CustomElementwiseActivation(string name, Func<double, double> function, Func<double, double> derivative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(derivative);
        Name = name;
        _function = function;
        _derivative = derivative;
    }

    public override string Name { get; }

    public override T Value<T>(T z) => T.CreateChecked(_function(double.CreateChecked(z)));

    public override T Derivative<T>(T z, T a) => T.CreateChecked(_derivative(double.CreateChecked(z)));
}
