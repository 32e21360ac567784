namespace Feedforward.Initialization;

/// <summary>How a layer's weights are drawn before training; biases always start at 0.</summary>
public enum Initializer
{
    /// <summary>He for ReLU, leaky ReLU and ELU layers, Glorot for every other activation (both uniform).</summary>
    Default,

    /// <summary>He (Kaiming) normal: N(0, 2 / n[l-1]).</summary>
    HeNormal,

    /// <summary>He (Kaiming) uniform: U(-r, r) with r = √(6 / n[l-1]).</summary>
    HeUniform,

    /// <summary>Glorot (Xavier) normal: N(0, 2 / (n[l-1] + n[l])).</summary>
    GlorotNormal,

    /// <summary>Glorot (Xavier) uniform: U(-r, r) with r = √(6 / (n[l-1] + n[l])).</summary>
    GlorotUniform,
}
