namespace Feedforward.Layers;

/// <summary>
/// A dropout layer in the list given to <see cref="Network{T}.Create"/>: during training it
/// zeroes each element of its input with probability <see cref="Rate"/>. Its seed is drawn
/// from the network's seed.
/// </summary>
public sealed record DropoutSpec : LayerDefinition
{
    /// <summary>Creates the definition of a dropout layer with drop probability p.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside [0, 1).</exception>
    public DropoutSpec(double rate)
    {
        DropoutLayer<float>.CheckRate(rate);
        Rate = rate;
    }

    /// <summary>p, the probability that an element is dropped, in [0, 1).</summary>
    public double Rate { get; }
}
