namespace MigrationTracker.Core.Scoring;

/// <summary>A scoring policy document is malformed or inconsistent; <see cref="Problems"/> lists every problem, each naming its field.</summary>
public sealed class PolicyValidationException : Exception
{
    public PolicyValidationException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public PolicyValidationException(string message)
        : this([message])
    {
    }

    public PolicyValidationException(string message, Exception innerException)
        : base(Describe([message]), innerException)
    {
        Problems = [message];
    }

    public PolicyValidationException()
        : this("The scoring policy is not valid.")
    {
    }

    public IReadOnlyList<string> Problems { get; } = [];

    private static string Describe(IReadOnlyList<string> problems) =>
        "The scoring policy is not valid:" + string.Concat(problems.Select(problem => "\n- " + problem));
}
