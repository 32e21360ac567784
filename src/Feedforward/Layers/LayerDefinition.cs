namespace Feedforward.Layers;

/// <summary>
/// One entry of the layer list given to <see cref="Network{T}.Create"/>: a dense layer
/// (<see cref="LayerSpec"/>) or a dropout layer (<see cref="DropoutSpec"/>).
/// </summary>
public abstract record LayerDefinition
{
    /// <summary>Allows only the definitions in this library, which the network and model files know how to build.</summary>
    private protected LayerDefinition()
    {
    }
}
