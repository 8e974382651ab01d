using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Tests.Storage;

public sealed class EntityRoundTripTests
{
    private static readonly DateTime Monday = new(2026, 11, 23, 7, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Every_entity_reads_back_as_written(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var written = await SeedAsync(storage);

        await using var context = storage.CreateDbContext();

        var team = await context.Teams.SingleAsync(Cancel);
        team.Name.ShouldBe("Storage drivers");
        team.Slug.ShouldBe("storage");
        team.ContactEmail.ShouldBe("storage@example.com");
        team.CreatedAt.ShouldBe(Monday);
        team.CreatedAt.Kind.ShouldBe(DateTimeKind.Utc);

        var credential = await context.Credentials.SingleAsync(Cancel);
        credential.Kind.ShouldBe(CredentialKind.GitHubToken);
        credential.ProtectedSecret.ShouldBe("CfDJ8-protected-bytes");

        var repository = await context.Repositories.Include(r => r.Team).Include(r => r.Credential).SingleAsync(Cancel);
        repository.Kind.ShouldBe(RepositoryKind.GitHub);
        repository.Location.ShouldBe("contoso/storage-drivers");
        repository.ApiBaseUrl.ShouldBe("https://ghe.contoso.com/api/v3/");
        repository.DefaultBranch.ShouldBe("main");
        repository.WebUrl.ShouldBe("https://ghe.contoso.com/contoso/storage-drivers");
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldBe("The repository was deleted or renamed.");
        repository.SyncIntervalMinutes.ShouldBe(30);
        repository.Team!.Id.ShouldBe(team.Id);
        repository.Credential!.Id.ShouldBe(credential.Id);

        var drivers = await context.Drivers.OrderBy(d => d.Language).ToListAsync(Cancel);
        drivers.Count.ShouldBe(2);
        var (cDriver, rustDriver) = (drivers[0], drivers[1]);
        cDriver.Name.ShouldBe("nvmestor");
        cDriver.ProjectPath.ShouldBe("storage/nvme/nvmestor.vcxproj");
        cDriver.Model.ShouldBe(DriverModel.Miniport);
        cDriver.Framework.ShouldBe("Storport");
        cDriver.Stage.ShouldBe(MigrationStage.InProgress);
        cDriver.CounterpartId.ShouldBe(rustDriver.Id);
        cDriver.PairingSource.ShouldBe(PairingSource.Manual);
        rustDriver.Language.ShouldBe(DriverLanguage.Rust);
        rustDriver.Model.ShouldBe(DriverModel.Kmdf);
        rustDriver.RemovedAt.ShouldBeNull();

        var snapshot = await context.Snapshots.SingleAsync(Cancel);
        snapshot.DriverId.ShouldBe(cDriver.Id);
        snapshot.CommitId.ShouldBe(written.Snapshot.CommitId);
        snapshot.CommitTime.ShouldBe(written.Snapshot.CommitTime);
        snapshot.CCodeLines.ShouldBe(1200);
        snapshot.HeaderCodeLines.ShouldBe(300);
        snapshot.RustCodeLines.ShouldBe(0);
        snapshot.UnsafeShare.ShouldBeNull();
        snapshot.ReadinessScore.ShouldBe(61.5);
        snapshot.ReadinessBand.ShouldBe(ReadinessBand.NeedsWork);
        snapshot.ScoringPolicyVersion.ShouldBe(1);
        snapshot.MetricsJson.ShouldBe("""{"files":12}""");
        snapshot.ScoreJson.ShouldBe("""{"factors":[]}""");

        var file = await context.FileAnalyses.SingleAsync(Cancel);
        file.BlobId.ShouldBe(written.File.BlobId);
        file.Language.ShouldBe("C");
        file.SizeBytes.ShouldBe(5_000_000_000L);
        file.SkipReason.ShouldBe("larger than 4 MiB");

        var build = await context.BuildResults.SingleAsync(Cancel);
        build.Source.ShouldBe(BuildSource.GitHubActions);
        build.Status.ShouldBe(BuildStatus.Failed);
        build.DriverId.ShouldBe(cDriver.Id);
        build.StartedAt.ShouldBe(Monday.AddMinutes(1));
        build.CompletedAt.ShouldBe(Monday.AddMinutes(9));
        build.WarningCount.ShouldBe(3);

        var report = await context.Reports.SingleAsync(Cancel);
        report.WeekStart.ShouldBe(new DateOnly(2026, 11, 16));
        report.Scope.ShouldBe("team:storage");

        var policy = await context.ScoringPolicies.SingleAsync(Cancel);
        policy.Version.ShouldBe(1);
        policy.Document.ShouldBe("""{"weights":{"seh":-10}}""");
        policy.CreatedBy.ShouldBe("admin@example.com");

        var probe = await context.WorkerProbes.SingleAsync(Cancel);
        probe.Id.ShouldBe(written.Probe.Id);
        probe.CompletedAt.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_second_driver_with_the_same_path_in_the_same_repository_is_refused(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var written = await SeedAsync(storage);

        await using var context = storage.CreateDbContext();
        context.Drivers.Add(new Driver { RepositoryId = written.RepositoryId, ProjectPath = "storage/nvme/nvmestor.vcxproj", Name = "copy" });

        await Should.ThrowAsync<DbUpdateException>(() => context.SaveChangesAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_build_result_reported_twice_is_refused(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);
        var written = await SeedAsync(storage);

        await using var context = storage.CreateDbContext();
        context.BuildResults.Add(new BuildResult
        {
            RepositoryId = written.RepositoryId,
            CommitId = written.Snapshot.CommitId,
            Source = BuildSource.GitHubActions,
            ExternalId = "run-981",
        });

        await Should.ThrowAsync<DbUpdateException>(() => context.SaveChangesAsync(Cancel));
    }

    private sealed record Written(int RepositoryId, Snapshot Snapshot, FileAnalysis File, WorkerProbe Probe);

    private static async Task<Written> SeedAsync(TestStorage storage)
    {
        await using var context = storage.CreateDbContext();

        var team = new Team { Name = "Storage drivers", Slug = "storage", ContactEmail = "storage@example.com", CreatedAt = Monday };
        var credential = new Credential { Name = "ghe-token", Kind = CredentialKind.GitHubToken, ProtectedSecret = "CfDJ8-protected-bytes", CreatedAt = Monday };
        var repository = new Repository
        {
            Name = "storage-drivers",
            Kind = RepositoryKind.GitHub,
            Location = "contoso/storage-drivers",
            ApiBaseUrl = "https://ghe.contoso.com/api/v3/",
            DefaultBranch = "main",
            WebUrl = "https://ghe.contoso.com/contoso/storage-drivers",
            Credential = credential,
            Team = team,
            SyncIntervalMinutes = 30,
            Status = RepositoryStatus.Unreachable,
            LastError = "The repository was deleted or renamed.",
            LastErrorAt = Monday,
            CreatedAt = Monday,
        };
        var cDriver = new Driver
        {
            Repository = repository,
            ProjectPath = "storage/nvme/nvmestor.vcxproj",
            Name = "nvmestor",
            Language = DriverLanguage.C,
            Model = DriverModel.Miniport,
            Framework = "Storport",
            Team = team,
            Stage = MigrationStage.InProgress,
            PairingSource = PairingSource.Manual,
            FirstSeenAt = Monday,
        };
        var rustDriver = new Driver
        {
            Repository = repository,
            ProjectPath = "rust/nvmestor/Cargo.toml",
            Name = "nvmestor-rs",
            Language = DriverLanguage.Rust,
            Model = DriverModel.Kmdf,
            Team = team,
            FirstSeenAt = Monday,
        };
        context.AddRange(cDriver, rustDriver);
        await context.SaveChangesAsync(Cancel);

        cDriver.CounterpartId = rustDriver.Id;
        var snapshot = new Snapshot
        {
            DriverId = cDriver.Id,
            CommitId = "0123456789abcdef0123456789abcdef01234567",
            CommitTime = Monday.AddDays(-1),
            AnalyzedAt = Monday,
            FileCount = 12,
            CCodeLines = 1200,
            HeaderCodeLines = 300,
            ReadinessScore = 61.5,
            ReadinessBand = ReadinessBand.NeedsWork,
            ScoringPolicyVersion = 1,
            MetricsJson = """{"files":12}""",
            ScoreJson = """{"factors":[]}""",
        };
        var file = new FileAnalysis
        {
            BlobId = "fedcba9876543210fedcba9876543210fedcba98",
            AnalyzerVersion = 1,
            Language = "C",
            SizeBytes = 5_000_000_000L,
            SkipReason = "larger than 4 MiB",
            AnalyzedAt = Monday,
        };
        var probe = new WorkerProbe { Id = Guid.NewGuid(), RequestedAt = Monday };
        context.AddRange(snapshot, file, probe);
        context.BuildResults.Add(new BuildResult
        {
            RepositoryId = repository.Id,
            DriverId = cDriver.Id,
            CommitId = snapshot.CommitId,
            Source = BuildSource.GitHubActions,
            ExternalId = "run-981",
            Name = "Build drivers",
            Status = BuildStatus.Failed,
            Url = "https://ghe.contoso.com/contoso/storage-drivers/actions/runs/981",
            StartedAt = Monday.AddMinutes(1),
            CompletedAt = Monday.AddMinutes(9),
            WarningCount = 3,
            ReceivedAt = Monday.AddMinutes(10),
        });
        context.Reports.Add(new StoredReport { WeekStart = new DateOnly(2026, 11, 16), Scope = "team:storage", GeneratedAt = Monday, ModelJson = "{}" });
        context.ScoringPolicies.Add(new ScoringPolicy { Version = 1, Document = """{"weights":{"seh":-10}}""", CreatedBy = "admin@example.com", CreatedAt = Monday });
        await context.SaveChangesAsync(Cancel);

        return new Written(repository.Id, snapshot, file, probe);
    }
}
