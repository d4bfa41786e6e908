namespace KdGan.Models.Training;

/// <summary>The three players of the game. What each one sees is the experiment's choice (<see cref="Data.IExampleBatch.Input"/>).</summary>
public enum Role
{
    /// <summary>C, the classifier that is deployed: it sees only what is available at test time.</summary>
    Student,
    /// <summary>T, the teacher: may also see privileged inputs.</summary>
    Teacher,
    /// <summary>D, the discriminator: judges (input, label) pairs.</summary>
    Discriminator,
}

public static class Roles
{
    /// <summary>"c", "t", "d": the player's key in checkpoints and logs.</summary>
    public static string Key(this Role role) => role switch { Role.Student => "c", Role.Teacher => "t", _ => "d" };
}
