namespace Feedforward.Data;

/// <summary>What the label column of a table means.</summary>
public enum TaskKind
{
    /// <summary>The label is a class, given as text or as an integer, and becomes a class index.</summary>
    Classification,

    /// <summary>The label is a number to predict, and becomes a 1 x examples targets matrix.</summary>
    Regression,
}
