namespace KdGan.Models.Tests;

/// <summary>
/// A test too long for the default suite (CI runs it not): skipped, with the reason in the output, unless the environment
/// sets KDGAN_LONG_TESTS=1. Run them with: KDGAN_LONG_TESTS=1 dotnet test KdGan.sln -c Release --filter Category=Long.
/// </summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute(string why)
    {
        if (Environment.GetEnvironmentVariable("KDGAN_LONG_TESTS") != "1")
            Skip = $"long test ({why}): set KDGAN_LONG_TESTS=1 to run it";
    }
}

/// <summary>The theory counterpart of <see cref="LongFactAttribute"/>.</summary>
public sealed class LongTheoryAttribute : TheoryAttribute
{
    public LongTheoryAttribute(string why)
    {
        if (Environment.GetEnvironmentVariable("KDGAN_LONG_TESTS") != "1")
            Skip = $"long test ({why}): set KDGAN_LONG_TESTS=1 to run it";
    }
}
