namespace Feedforward.Optimizers.Schedules;

/// <summary>
/// Reduce-on-plateau, per epoch: the rate starts at η0 and is multiplied by a factor whenever the
/// monitored cost (the validation cost, or the training cost without validation data) has not
/// improved for more than <see cref="Patience"/> epochs. Equation (9.13) eq:reduce-on-plateau in
/// docs/derivation.md.
/// </summary>
/// <remarks>
/// The rules of PyTorch's ReduceLROnPlateau in mode 'min' with threshold_mode 'rel' (version
/// 1.13 docs): an epoch improves when its cost is below best × (1 - threshold); after a
/// reduction, <see cref="Cooldown"/> epochs pass in which bad epochs are not counted; the rate
/// never goes below <see cref="Minimum"/>. Defaults are PyTorch's: factor 0.1, patience 10,
/// threshold 1e-4, cooldown 0, minimum 0. A NaN cost never counts as an improvement.
/// </remarks>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    private double _best;
    private int _badEpochs;
    private int _cooldownLeft;
    private double _scale;

    /// <summary>Creates the schedule; see the class remarks for each setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range, named in the message.</exception>
    public ReduceOnPlateau(double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, double minimum = 0)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"reduce_on_plateau schedule factor must be in (0, 1), got {factor}");
        }

        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"reduce_on_plateau schedule patience must be 0 or more epochs, got {patience}");
        }

        if (!(threshold >= 0 && threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"reduce_on_plateau schedule threshold must be in [0, 1), got {threshold}");
        }

        if (cooldown < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"reduce_on_plateau schedule cooldown must be 0 or more epochs, got {cooldown}");
        }

        ScheduleChecks.Minimum(minimum, "reduce_on_plateau schedule minimum");
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        Minimum = minimum;
        Settings = new Dictionary<string, double>
        {
            ["factor"] = factor,
            ["patience"] = patience,
            ["threshold"] = threshold,
            ["cooldown"] = cooldown,
            ["minimum"] = minimum,
        };
        Reset();
    }

    /// <summary>The factor the rate is multiplied by at each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement that are tolerated; one more triggers a reduction.</summary>
    public int Patience { get; }

    /// <summary>The relative improvement an epoch needs to count as better.</summary>
    public double Threshold { get; }

    /// <summary>Epochs after a reduction in which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest rate.</summary>
    public double Minimum { get; }

    /// <summary>The product of the reductions so far: η = max(η0 × scale, minimum).</summary>
    public double Scale => _scale;

    /// <inheritdoc/>
    public override string Name => "reduce_on_plateau";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override ScheduleInterval Interval => ScheduleInterval.Epoch;

    /// <inheritdoc/>
    public override double LearningRate(double baseRate, long index, long count) => Math.Max(baseRate * _scale, Minimum);

    /// <inheritdoc/>
    public override void EpochCompleted(double monitoredCost)
    {
        if (monitoredCost < _best * (1 - Threshold))
        {
            _best = monitoredCost;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }

        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }

        if (_badEpochs > Patience)
        {
            _scale *= Factor;
            _cooldownLeft = Cooldown;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _best = double.PositiveInfinity;
        _badEpochs = 0;
        _cooldownLeft = 0;
        _scale = 1;
    }
}
