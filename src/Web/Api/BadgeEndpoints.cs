using System.Globalization;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Web.Api;

/// <summary>
/// <c>GET /badge/{id}.svg?metric=stage|readiness|unsafe</c>: a driver's stage with its readiness score (C/C++) or
/// unsafe share (Rust) as a small image for a README or wiki page. Off unless <c>Badges:Enabled</c> is true; while
/// off, and for drivers that do not exist, the answer is the same 404 as for any unknown address.
/// </summary>
internal static class BadgeEndpoints
{
    /// <summary>Badges are embedded in pages viewed by many; five minutes of caching keeps them off the database.</summary>
    public const string CacheControl = "public, max-age=300";

    public const string ContentType = "image/svg+xml; charset=utf-8";

    private const string Grey = "#9f9f9f";
    private const string Blue = "#007ec6";

    public static IServiceCollection AddBadges(this IServiceCollection services)
    {
        services.AddOptions<BadgeOptions>().BindConfiguration(BadgeOptions.SectionName).ValidateOnStart();
        return services;
    }

    public static void MapBadgeEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous by design: a badge is an image in a page whose readers never signed in to the product.
        // What it may show is decided by Badges:Enabled, not by who asks.
        app.MapGet("/badge/{driver}.svg", GetAsync)
            .AllowAnonymous()
            .WithTags("Badges");
    }

    private static async Task<IResult> GetAsync(
        string driver,
        string? metric,
        HttpResponse response,
        IOptionsMonitor<BadgeOptions> options,
        IDbContextFactory<TrackerDbContext> contextFactory,
        CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled || !int.TryParse(driver, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Results.NotFound();
        }

        if (!TryMetric(metric, out var shown))
        {
            return TypedResults.Problem(
                $"'{metric}' is not a badge metric: use stage, readiness or unsafe, or leave metric out for the stage with the driver's main figure.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown metric");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var facts = await context.Drivers.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new BadgeFacts(
                d.Name,
                d.Language,
                d.Stage,
                d.Snapshots.OrderByDescending(s => s.CommitTime).Select(s => s.ReadinessScore).FirstOrDefault(),
                d.Snapshots.OrderByDescending(s => s.CommitTime).Select(s => s.ReadinessBand).FirstOrDefault(),
                d.Snapshots.OrderByDescending(s => s.CommitTime).Select(s => s.UnsafeShare).FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);
        if (facts is null)
        {
            return Results.NotFound();
        }

        var (message, color) = Describe(facts, shown);
        response.Headers.CacheControl = CacheControl;
        return Results.Text(BadgeSvg.Render(facts.Name, message, color), ContentType);
    }

    /// <summary>The badge's message and colour: figures written as on the driver's page (score to one decimal, share as a percentage).</summary>
    internal static (string Message, string Color) Describe(BadgeFacts facts, BadgeMetric metric)
    {
        var stage = facts.Stage.DisplayName();
        var readiness = facts.Readiness is { } score ? score.ToString("0.0", CultureInfo.InvariantCulture) : null;
        var unsafeShare = facts.UnsafeShare is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : null;
        var rust = facts.Language == DriverLanguage.Rust;
        return metric switch
        {
            BadgeMetric.Stage => (stage, StageColor(facts.Stage)),
            BadgeMetric.Readiness => readiness is null ? ("readiness n/a", Grey) : ($"readiness {readiness}", BandColor(facts.Band)),
            BadgeMetric.Unsafe => unsafeShare is null ? ("unsafe n/a", Grey) : ($"{unsafeShare} unsafe", Blue),
            _ when rust => unsafeShare is null ? (stage, StageColor(facts.Stage)) : ($"{stage} · {unsafeShare} unsafe", StageColor(facts.Stage)),
            _ => readiness is null ? ($"{stage} · not scored", Grey) : ($"{stage} · readiness {readiness}", BandColor(facts.Band)),
        };
    }

    private static bool TryMetric(string? text, out BadgeMetric metric)
    {
        metric = text?.Trim().ToLowerInvariant() switch
        {
            null or "" => BadgeMetric.Summary,
            "stage" => BadgeMetric.Stage,
            "readiness" => BadgeMetric.Readiness,
            "unsafe" => BadgeMetric.Unsafe,
            _ => (BadgeMetric)(-1),
        };
        return Enum.IsDefined(metric);
    }

    private static string StageColor(MigrationStage stage) => stage switch
    {
        MigrationStage.Migrated => "#4c1",
        MigrationStage.Planned or MigrationStage.InProgress => Blue,
        _ => Grey,
    };

    private static string BandColor(ReadinessBand band) => band switch
    {
        ReadinessBand.Ready => "#4c1",
        ReadinessBand.NeedsWork => "#dfb317",
        ReadinessBand.Blocked => "#e05d44",
        _ => Grey,
    };
}

/// <summary>What a badge shows.</summary>
internal enum BadgeMetric
{
    /// <summary>The stage with the driver's main figure: readiness for C/C++, unsafe share for Rust.</summary>
    Summary,
    Stage,
    Readiness,
    Unsafe,
}

/// <summary>What a badge is drawn from: the driver and its newest snapshot's figures.</summary>
internal sealed record BadgeFacts(string Name, DriverLanguage Language, MigrationStage Stage, double? Readiness, ReadinessBand Band, double? UnsafeShare);

/// <summary>Settings of the status badges (section <c>Badges</c>).</summary>
internal sealed class BadgeOptions
{
    public const string SectionName = "Badges";

    /// <summary>Off by default: a badge shows a driver's name and figures to anyone who can reach the server.</summary>
    public bool Enabled { get; set; }
}
