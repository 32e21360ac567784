using Feedforward.Activations;

namespace Feedforward.Layers;

/// <summary>The shape of one dense layer: its number of units n[l] and its activation g[l].</summary>
/// <param name="Units">n[l], at least 1.</param>
/// <param name="Activation">g[l].</param>
public sealed record LayerSpec(int Units, Activation Activation) : LayerDefinition;
