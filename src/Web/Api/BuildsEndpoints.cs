using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MigrationTracker.Web.Security;

namespace MigrationTracker.Web.Api;

/// <summary><c>POST /api/builds</c>: any CI reports a build of a repository commit, optionally for one driver.</summary>
internal static partial class BuildsEndpoints
{
    /// <summary>A build report is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, BuildStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["queued"] = BuildStatus.Queued,
        ["running"] = BuildStatus.Running,
        ["succeeded"] = BuildStatus.Succeeded,
        ["failed"] = BuildStatus.Failed,
        ["cancelled"] = BuildStatus.Cancelled,
        ["skipped"] = BuildStatus.Skipped,
    };

    public static void MapBuildsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/builds", PostAsync)
            .WithMaxBodySize(MaxBodyBytes)
            .RequireAuthorization(ApiPolicies.BuildPoster)
            .WithTags("Builds");
    }

    private static async Task<Results<Created<BuildResponse>, Ok<BuildResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        IDbContextFactory<TrackerDbContext> contextFactory,
        TimeProvider clock,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return RequestBody.TooLarge(MaxBodyBytes);
        }

        // The serializer checks UTF-8 only when it reads a string, and then reports the field as of the wrong type.
        if (!Utf8.IsValid(body))
        {
            return TypedResults.Problem($"The body is not valid JSON: it holds bytes that are not UTF-8 text. {JsonExample}", statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
        }

        BuildPost? post;
        try
        {
            post = JsonSerializer.Deserialize<BuildPost>(body, Json);
        }
        catch (JsonException ex)
        {
            return MalformedJson(ex);
        }

        if (post is null)
        {
            return TypedResults.Problem("The body must be a JSON object describing the build (repository, commit, status, ...).", statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var repository = await FindRepositoryAsync(context, post.Repository, errors, cancellationToken);

        // A key limited to some repositories gets the same answer for one outside them and for one that is not tracked,
        // so that it cannot probe which repositories the product tracks.
        if (!string.IsNullOrWhiteSpace(post.Repository) && user.KeyRepository() is { } allowed && repository?.Id != allowed)
        {
            return TypedResults.Problem(
                $"This API key may post builds for repository {allowed.ToString(CultureInfo.InvariantCulture)} only, and '{post.Repository}' does not name it. Give that repository's id, GitHub owner/name or location as registered.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Repository outside the key's scope");
        }

        if (!string.IsNullOrWhiteSpace(post.Repository) && user.KeyTeam() is { } team && (repository is null || repository.TeamId != team))
        {
            return TypedResults.Problem(
                $"This API key may post builds for the repositories of its team only, and '{post.Repository}' does not name one of them. Check the repository's id, GitHub owner/name or location as registered.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Repository outside the key's scope");
        }

        var driver = repository is null ? null : await FindDriverAsync(context, repository.Id, post.Driver, errors, cancellationToken);
        var fields = Validate(post, errors);
        if (errors.Count > 0 || repository is null)
        {
            return TypedResults.ValidationProblem(errors, detail: "The build was not stored: fix the fields listed in errors.");
        }

        var externalId = string.IsNullOrWhiteSpace(post.BuildId) ? DeriveBuildId(fields.Commit, driver, fields.Url, fields.StartedAt) : post.BuildId.Trim();
        var (stored, created) = await UpsertAsync(context, repository.Id, driver?.Id, externalId, post, fields, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (stored is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["completedAt"] = ["Before the start time stored for this build: send startedAt too, or check the clock of the CI."] },
                detail: "The build was not updated: fix the fields listed in errors.");
        }

        loggerFactory.CreateLogger(typeof(BuildsEndpoints)).LogInformation(
            "Build {BuildId} of {Repository} at {Commit} is {Status} ({Change}), posted with API key {KeyName}",
            externalId, repository.Name, stored.CommitId, stored.Status, created ? "new" : "updated", user.Identity?.Name);

        var response = BuildResponse.From(stored, repository, driver);
        return created ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<Repository?> FindRepositoryAsync(TrackerDbContext context, string? reference, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            errors["repository"] = ["Required: the repository's id, its GitHub owner/name, or its location as registered in the product."];
            return null;
        }

        reference = reference.Trim();
        Repository? repository = null;
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            repository = await context.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        }

        if (repository is null)
        {
            // Locations are compared ignoring case, in memory: a product tracks hundreds of repositories, not millions,
            // and case-insensitive comparison does not translate the same way on every provider.
            var all = await context.Repositories.AsNoTracking().ToListAsync(cancellationToken);
            var matches = all.Where(r => string.Equals(r.Location, reference, StringComparison.OrdinalIgnoreCase)).ToList();
            repository = matches.Count == 1 ? matches[0] : matches.FirstOrDefault(r => r.Kind == RepositoryKind.GitHub);
        }

        if (repository is null)
        {
            errors["repository"] = [$"No repository '{reference}' is tracked. Give its id, its GitHub owner/name, or its location as registered in the product."];
        }

        return repository;
    }

    private static async Task<Driver?> FindDriverAsync(TrackerDbContext context, int repositoryId, string? reference, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var path = reference.Trim().Replace('\\', '/');
        var drivers = await context.Drivers.AsNoTracking().Where(d => d.RepositoryId == repositoryId).ToListAsync(cancellationToken);
        var byPath = drivers.Where(d => string.Equals(d.ProjectPath, path, StringComparison.OrdinalIgnoreCase)).ToList();
        var candidates = byPath.Count > 0 ? byPath : drivers.Where(d => string.Equals(d.Name, reference.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        switch (candidates.Count)
        {
            case 1:
                return candidates[0];
            case 0:
                errors["driver"] = [$"No driver '{reference}' is known in this repository. Give the driver's name or the path of its project file (.vcxproj or Cargo.toml), or leave driver out."];
                return null;
            default:
                errors["driver"] = [$"Several drivers in this repository are named '{reference}': give the path of the project file instead ({string.Join(", ", candidates.Select(d => d.ProjectPath))})."];
                return null;
        }
    }

    private static ValidFields Validate(BuildPost post, Dictionary<string, string[]> errors)
    {
        var commit = post.Commit?.Trim() ?? string.Empty;
        if (commit.Length == 0)
        {
            errors["commit"] = ["Required: the id (SHA) of the commit that was built."];
        }
        else if (!CommitId().IsMatch(commit))
        {
            errors["commit"] = [$"'{Shorten(commit)}' is not a commit id: expected 7 to 64 hexadecimal characters."];
        }

        var status = BuildStatus.Queued;
        if (string.IsNullOrWhiteSpace(post.Status))
        {
            errors["status"] = [$"Required: one of {string.Join(", ", Statuses.Keys)}."];
        }
        else if (!Statuses.TryGetValue(post.Status.Trim(), out status))
        {
            errors["status"] = [$"'{Shorten(post.Status)}' is not a build status: use one of {string.Join(", ", Statuses.Keys)}."];
        }

        string? url = null;
        if (!string.IsNullOrWhiteSpace(post.Url))
        {
            if (Uri.TryCreate(post.Url.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp) && post.Url.Trim().Length <= 2000)
            {
                url = parsed.ToString();
            }
            else
            {
                errors["url"] = ["Not a web address: expected an absolute http or https URL of at most 2000 characters."];
            }
        }

        if (post.StartedAt is { } started && post.CompletedAt is { } completed && completed < started)
        {
            errors["completedAt"] = [$"{completed:O} is before startedAt ({started:O})."];
        }

        if (post.Warnings < 0)
        {
            errors["warnings"] = [$"{post.Warnings} is negative: give the number of compiler warnings, 0 or more."];
        }

        if (post.BuildId is { } buildId && buildId.Trim().Length > 200)
        {
            errors["buildId"] = ["At most 200 characters."];
        }

        if (post.Name is { Length: > 300 })
        {
            errors["name"] = ["At most 300 characters."];
        }

        return new ValidFields(commit.ToLowerInvariant(), status, url, post.StartedAt?.UtcDateTime, post.CompletedAt?.UtcDateTime);
    }

    /// <summary>Adds or updates the build; a null result means the update would end it before it started.</summary>
    private static async Task<(BuildResult? Stored, bool Created)> UpsertAsync(
        TrackerDbContext context, int repositoryId, int? driverId, string externalId, BuildPost post, ValidFields fields, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await context.BuildResults.SingleOrDefaultAsync(
                b => b.RepositoryId == repositoryId && b.Source == BuildSource.Api && b.ExternalId == externalId, cancellationToken);
            var created = stored is null;
            if (stored is null)
            {
                stored = new BuildResult { RepositoryId = repositoryId, Source = BuildSource.Api, ExternalId = externalId, CommitId = fields.Commit };
                context.BuildResults.Add(stored);
            }

            stored.CommitId = fields.Commit;
            stored.DriverId = driverId;
            stored.Status = fields.Status;
            stored.Name = string.IsNullOrWhiteSpace(post.Name) ? stored.Name : post.Name.Trim();
            stored.Url = fields.Url ?? stored.Url;
            stored.StartedAt = fields.StartedAt ?? stored.StartedAt;
            stored.CompletedAt = fields.CompletedAt ?? stored.CompletedAt;
            stored.WarningCount = post.Warnings ?? stored.WarningCount;
            stored.ReceivedAt = now;

            // The body alone was consistent, but an update can pair a new end time with the start time stored earlier.
            if (stored.StartedAt > stored.CompletedAt)
            {
                return (null, false);
            }

            try
            {
                await context.SaveChangesAsync(cancellationToken);
                return (stored, created);
            }
            catch (DbUpdateException) when (created && attempt == 0)
            {
                // The same build was posted twice at once and the other request inserted it first: update that row.
                context.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// A CI that sends no build id still gets one row per build: the same commit, driver and URL (or start
    /// time) always give the same id, so a repeated post updates instead of adding.
    /// </summary>
    private static string DeriveBuildId(string commit, Driver? driver, string? url, DateTime? startedAt)
    {
        var identity = string.Join('\n', commit, driver?.ProjectPath ?? string.Empty, url ?? startedAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
        return "derived-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    private const string JsonExample = "Send a JSON object such as {\"repository\": \"owner/name\", \"commit\": \"<sha>\", \"status\": \"succeeded\"}.";

    private static ProblemHttpResult MalformedJson(JsonException ex)
    {
        // The path names the field whose value has the wrong type (for example "$.warnings"); the reader's own message can quote the body.
        // A syntax error (cut off, nested too deep) carries the reader's exception inside: the body is at fault, not the field it stopped in.
        var field = ex.InnerException is not JsonException && ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var detail = field is null
            ? $"The body is not valid JSON{Position(ex)}. {JsonExample}"
            : $"The field '{field}' has a value of the wrong type{Position(ex)}: commit, repository, driver, status, url and buildId are strings, startedAt and completedAt ISO 8601 times, warnings a whole number.";
        var problem = TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
        if (field is not null)
        {
            problem.ProblemDetails.Extensions["field"] = field;
        }

        return problem;
    }

    private static string Position(JsonException ex) =>
        ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    private static partial Regex CommitId();

    private sealed record ValidFields(string Commit, BuildStatus Status, string? Url, DateTime? StartedAt, DateTime? CompletedAt);
}

/// <summary>The body of <c>POST /api/builds</c>; every field is optional here so that validation can name what is missing.</summary>
internal sealed record BuildPost(
    string? Repository,
    string? Commit,
    string? Driver,
    string? Status,
    string? Url,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int? Warnings,
    string? BuildId,
    string? Name);

/// <summary>A stored build result as the API returns it.</summary>
internal sealed record BuildResponse(
    long Id,
    int RepositoryId,
    string Repository,
    int? DriverId,
    string? Driver,
    string Commit,
    string Status,
    string BuildId,
    string? Name,
    string? Url,
    DateTime? StartedAt,
    DateTime? CompletedAt,
    int? Warnings,
    DateTime ReceivedAt)
{
    public static BuildResponse From(BuildResult build, Repository repository, Driver? driver) => new(
        build.Id,
        repository.Id,
        repository.Name,
        driver?.Id,
        driver?.Name,
        build.CommitId,
        build.Status.ToString().ToLowerInvariant(),
        build.ExternalId,
        build.Name,
        build.Url,
        build.StartedAt,
        build.CompletedAt,
        build.WarningCount,
        build.ReceivedAt);
}
