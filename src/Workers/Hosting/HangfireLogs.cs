using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MigrationTracker.Workers.Hosting;

/// <summary>
/// Hangfire's log lines into the host's logging. Hangfire keeps its log provider in a static, which
/// outlives the host that set it (a process stopping, or several hosts in one test process): once
/// that host's logger factory is disposed, logging quietly stops instead of failing the caller.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory loggerFactory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Forwarder(loggerFactory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Forwarder(ILogger logger) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLevel.Trace => LogLevel.Trace,
                HangfireLevel.Debug => LogLevel.Debug,
                HangfireLevel.Info => LogLevel.Information,
                HangfireLevel.Warn => LogLevel.Warning,
                HangfireLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                if (logger.IsEnabled(level))
                {
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                    logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
