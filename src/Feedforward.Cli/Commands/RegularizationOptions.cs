using System.CommandLine;
using System.Globalization;
using Feedforward.Training;

namespace Feedforward.Cli.Commands;

/// <summary>The validated regularization settings of one <c>ffnn train</c> run.</summary>
/// <param name="Dropout">Drop probability of the dropout layer after each hidden layer, 0 for none.</param>
/// <param name="InputDropout">Drop probability of the dropout layer before the first layer, 0 for none.</param>
/// <param name="L2">λ of the L2 penalty (λ/2) Σ ‖W‖² in the cost, 0 for none.</param>
/// <param name="EarlyStopping">Early stopping, or null to run every epoch.</param>
internal sealed record RegularizationSettings(double Dropout, double InputDropout, double L2, EarlyStopping? EarlyStopping);

/// <summary>The options of <c>ffnn train</c> that regularize: dropout, the L2 penalty and early stopping.</summary>
internal sealed class RegularizationOptions
{
    public Option<double> Dropout { get; } = new("--dropout")
    {
        Description = "Dropout after every hidden layer: the probability that a hidden unit's output is set to 0 during training (kept outputs are scaled by 1/(1 - p)), from 0 up to but not including 1. Default: 0, no dropout.",
        HelpName = "RATE",
    };

    public Option<double> InputDropout { get; } = new("--input-dropout")
    {
        Description = "Dropout on the input features before the first layer, a probability from 0 up to but not including 1. Default: 0, no dropout.",
        HelpName = "RATE",
    };

    public Option<double> L2 { get; } = new("--l2")
    {
        Description = "λ of the L2 penalty (λ/2) Σ ‖W‖² that the cost includes, over the weights and not the biases, with no 1/m. Default: 0, no penalty. With adamw, its weight_decay setting is the usual alternative.",
        HelpName = "LAMBDA",
    };

    public Option<int?> EarlyStopping { get; } = new("--early-stopping")
    {
        Description = "Stop when the validation measure has not improved for this many epochs in a row (the patience, at least 1), and keep the weights of the best epoch. Needs validation data, which is the test set when --test-images is given. Default: off, every epoch runs.",
        HelpName = "PATIENCE",
    };

    public Option<string?> EarlyStoppingMetric { get; } = new("--early-stopping-metric")
    {
        Description = "The measure --early-stopping watches: cost (validation cost, lower is better) or accuracy (validation accuracy, higher is better). Default: cost.",
        HelpName = "cost|accuracy",
    };

    public Option<double?> EarlyStoppingMinDelta { get; } = new("--early-stopping-min-delta")
    {
        Description = "The least improvement that counts for --early-stopping, in the units of the watched measure: cost, or accuracy as a fraction (0.001 is 0.1 percentage points). Default: 0.",
        HelpName = "DELTA",
    };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Dropout, InputDropout, L2, EarlyStopping, EarlyStoppingMetric, EarlyStoppingMinDelta })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Returns the settings after checking every value.</summary>
    /// <param name="parsed">The parsed command line.</param>
    /// <param name="hiddenLayers">The number of hidden layers, which --dropout needs at least one of.</param>
    /// <exception cref="CliException">A value is out of range, or an early-stopping option is given without --early-stopping.</exception>
    public RegularizationSettings Read(ParseResult parsed, int hiddenLayers)
    {
        double dropout = parsed.GetValue(Dropout);
        double inputDropout = parsed.GetValue(InputDropout);
        CheckRate("--dropout", dropout);
        CheckRate("--input-dropout", inputDropout);
        if (dropout > 0 && hiddenLayers == 0)
        {
            throw new CliException($"--dropout {Format(dropout)} has no hidden layer to follow because --hidden is none: add hidden layers, or use --input-dropout to drop input features");
        }

        double l2 = parsed.GetValue(L2);
        if (!(l2 >= 0) || double.IsInfinity(l2))
        {
            throw new CliException($"--l2 {Format(l2)} is not valid: give λ as a finite number of 0 or more, such as 0.0001");
        }

        return new RegularizationSettings(dropout, inputDropout, l2, ReadEarlyStopping(parsed));
    }

    private EarlyStopping? ReadEarlyStopping(ParseResult parsed)
    {
        int? patience = parsed.GetValue(EarlyStopping);
        string? metricText = parsed.GetValue(EarlyStoppingMetric);
        double? minDelta = parsed.GetValue(EarlyStoppingMinDelta);
        if (patience is null)
        {
            if (metricText is not null)
            {
                throw OrphanOption("--early-stopping-metric");
            }

            if (minDelta is not null)
            {
                throw OrphanOption("--early-stopping-min-delta");
            }

            return null;
        }

        if (patience < 1)
        {
            throw new CliException($"--early-stopping {patience} is not valid: give the patience as a whole number of epochs of at least 1, such as 5");
        }

        Training.EarlyStoppingMetric metric = metricText switch
        {
            null or "cost" => Training.EarlyStoppingMetric.ValidationCost,
            "accuracy" => Training.EarlyStoppingMetric.ValidationAccuracy,
            _ => throw new CliException($"--early-stopping-metric '{metricText}' is not valid: give cost or accuracy"),
        };
        if (minDelta is { } delta && (!(delta >= 0) || double.IsInfinity(delta)))
        {
            throw new CliException($"--early-stopping-min-delta {Format(delta)} is not valid: give a finite number of 0 or more, such as 0.001");
        }

        return new EarlyStopping { Patience = patience.Value, Metric = metric, MinDelta = minDelta ?? 0 };
    }

    private static CliException OrphanOption(string option) =>
        new($"{option} has no effect without --early-stopping: add --early-stopping PATIENCE, such as --early-stopping 5");

    private static void CheckRate(string option, double rate)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new CliException($"{option} {Format(rate)} is not valid: give a drop probability from 0 (no dropout) up to but not including 1, such as 0.2");
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
