namespace MigrationTracker.Core.Storage;

/// <summary>A setting is missing or wrong. The message names the setting and what it accepts; start-up stops.</summary>
public sealed class ConfigurationErrorException : Exception
{
    public ConfigurationErrorException(string message)
        : base(message)
    {
    }

    public ConfigurationErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigurationErrorException()
    {
    }
}
