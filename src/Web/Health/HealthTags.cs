namespace MigrationTracker.Web.Health;

internal static class HealthTags
{
    /// <summary>Checks that must pass before the product takes traffic.</summary>
    public const string Ready = "ready";
}
