using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Optimizers;
using Feedforward.Optimizers.Schedules;

namespace Feedforward.Cli.Commands;

/// <summary>
/// Help text of the <c>ffnn train</c> options that name a catalogue entry. Names come from the
/// catalogues; the settings and their defaults are written out here and must follow the
/// library's factories.
/// </summary>
internal static class CatalogHelp
{
    /// <summary>The sentence that explains the NAME:key=value form, shared by every such option.</summary>
    private const string Form = "Written NAME or NAME:key=value,key=value (no spaces; flags take 1 or 0).";

    public static string Activation =>
        $"Activation of the hidden layers. {Form} Names: {Names(ActivationCatalog.Names)}; silu is swish. Parameters: leaky_relu:slope=S, the slope for z <= 0 (default {LeakyRelu.DefaultSlope}); elu:alpha=A (default 1). Example: leaky_relu:slope=0.1.";

    public static string OutputActivation =>
        $"Activation of the output layer, in the form of --activation. Default: the one that pairs with --cost (softmax for categorical_cross_entropy, sparse_categorical_cross_entropy and kullback_leibler_divergence, log_softmax for negative_log_likelihood, sigmoid for binary_cross_entropy, linear for hinge and squared_hinge), otherwise softmax for 3 or more classes, sigmoid for 2 classes and multi-label, linear for regression.";

    public static string Cost =>
        $"Cost. {Form} Names: {Names(CostCatalog.Names)}. Parameter: huber:delta=D, where the loss turns from quadratic to linear (default 1). Targets follow the cost: class indices for sparse_categorical_cross_entropy, -1/+1 for hinge and squared_hinge (one-vs-rest with 3 or more classes), one-hot or 0/1 otherwise. Default: the one that pairs with --output-activation (categorical_cross_entropy after softmax, negative_log_likelihood after log_softmax, binary_cross_entropy after sigmoid, mean_squared_error after linear), otherwise categorical_cross_entropy for 3 or more classes, binary_cross_entropy for 2 classes and multi-label, mean_squared_error for regression.";

    public static string Optimizer =>
        $"Optimizer. {Form} Settings, defaults in brackets: sgd: momentum [0], nesterov [0]; rmsprop: alpha [0.99], epsilon [1e-8], momentum [0], centered [0]; adagrad: epsilon [1e-10], initial_accumulator [0]; adam: beta1 [0.9], beta2 [0.999], epsilon [1e-8]; adamw: those of adam and weight_decay [0.01], decoupled from the gradient and multiplied by the learning rate, biases included. Example: adamw:weight_decay=0.01,beta2=0.99. Names: {Names(OptimizerCatalog.Names)}.";

    public static string Schedule =>
        $"Learning-rate schedule, starting from --learning-rate. {Form} step:step_size=K[,gamma=0.1] multiplies the rate by gamma every K epochs; exponential:gamma=G multiplies it by G every epoch; cosine[:period=T,minimum=0] lowers it along a half cosine to minimum over T epochs (0, the default, is the whole run); warmup_cosine:warmup_steps=W[,minimum=0] raises it linearly over the first W batches, then lowers it along a half cosine to minimum by the last batch; reduce_on_plateau[:factor=0.1,patience=10,threshold=1e-4,cooldown=0,minimum=0] multiplies it by factor when the validation cost (the training cost without validation data) has not improved by the relative threshold for more than patience epochs. Names: {Names(LearningRateScheduleCatalog.Names)}. Default: none, a constant rate.";

    /// <summary>The placeholder shown in help for the value of such an option.</summary>
    public const string HelpName = "NAME[:key=value,...]";

    private static string Names(IEnumerable<string> names) => string.Join(", ", names);
}
