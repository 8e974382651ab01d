using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Tests.Portfolio;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports;

/// <summary>
/// A portfolio seeded around the report week 2026-W47: Monday 2026-11-16 00:00 to Sunday 2026-11-22 24:00 UTC.
/// "Before" is the end of the week before (2026-11-15 24:00). Snapshots are taken at 10:00 unless noted.
/// <list type="bullet">
/// <item>Teams Network and Storage. Repositories storage-drivers (Storage), net-drivers (Network), driver-tools (no drivers, only builds).</item>
/// <item>disk (C, Storage, In progress): 2000 lines readiness 50 on 10-26; 1800 / 55 on 11-09; 1200 / 70 on 11-18; 900 / 80 on 11-24 (after the week).</item>
/// <item>cache (C++, WDM, Storage, Planned), paired with cache-rs by the analysis: 1000 / 80 on 11-02; 1000 / 62 on 11-17.</item>
/// <item>cache-rs (Rust, Storage), first seen 11-20: 400 lines, 100 unsafe (0.25) on 11-20.</item>
/// <item>nic (C, Network, In progress): 3000 / 30 on 11-02; 2500 / 40 on 11-19. On 11-18 10:00 alice marks it Migrated and pairs it with nic-rs by hand.</item>
/// <item>nic-rs (Rust, Network), first seen 11-02: 500 lines 50 unsafe (0.1) on 11-03; 600 lines 120 unsafe (0.2) on 11-19.</item>
/// <item>wifi (C, Network, In progress), paired with wifi-rs: 1500 / 60 on 11-02; removed on 11-19 12:00.</item>
/// <item>wifi-rs (Rust, Network), first seen 10-20: 2000 lines 200 unsafe (0.1) on 10-27; 2600 lines 260 unsafe (0.1) on 11-17.</item>
/// <item>usbhub (C, no team), first seen 11-18 09:00: 700 / 45 at that time.</item>
/// <item>Builds: storage-drivers passed on 11-13 and failed on 11-18 12:00 ("ci"); disk's own build passed on 11-14;
/// nic-rs's own build failed on 11-10 and passed on 11-19; driver-tools failed on 11-12 and passed on 11-20.</item>
/// </list>
/// </summary>
internal sealed record ReportPortfolio(
    int StorageTeam, int NetworkTeam, int StorageRepository, int NetRepository, int ToolsRepository,
    int Disk, int Cache, int CacheRs, int Nic, int NicRs, int Wifi, int WifiRs, int UsbHub)
{
    public static readonly DateOnly Week = new(2026, 11, 16);

    /// <summary>The last instant of the week: the figures' "as of".</summary>
    public static readonly DateTime WeekEnd = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);

    /// <summary>Wednesday after the week: the week is over.</summary>
    public static readonly DateTime Now = Utc(2026, 11, 25, 12);

    public static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static WeeklyReportBuilder Builder(TestStorage storage, DateTime? now = null)
    {
        var clock = new FixedTime(now ?? Now);
        return new WeeklyReportBuilder(storage, new PortfolioQueries(storage, clock), clock);
    }

    public static DriverPages PagesAt(TestStorage storage, DateTime time) => new(storage, new FixedTime(time));

    /// <summary>
    /// Seeds the portfolio. With <paramref name="changesByHand"/> false, nic is stored as Migrated and paired with nic-rs
    /// from the start, with nothing in the change log.
    /// </summary>
    public static async Task<ReportPortfolio> SeedAsync(TestStorage storage, bool changesByHand, CancellationToken cancellationToken)
    {
        await using var db = storage.CreateDbContext();
        var storageTeam = new Team { Name = "Storage", Slug = "storage" };
        var networkTeam = new Team { Name = "Network", Slug = "network" };
        db.Teams.AddRange(storageTeam, networkTeam);
        await db.SaveChangesAsync(cancellationToken);

        var storageRepository = new Repository { Name = "storage-drivers", Location = "/srv/git/storage.git", Kind = RepositoryKind.LocalPath, TeamId = storageTeam.Id };
        var netRepository = new Repository { Name = "net-drivers", Location = "/srv/git/net.git", Kind = RepositoryKind.LocalPath, TeamId = networkTeam.Id };
        var toolsRepository = new Repository { Name = "driver-tools", Location = "/srv/git/tools.git", Kind = RepositoryKind.LocalPath };
        db.Repositories.AddRange(storageRepository, netRepository, toolsRepository);
        await db.SaveChangesAsync(cancellationToken);

        var longAgo = Utc(2026, 10, 1, 0);
        var disk = Driver(storageRepository.Id, storageTeam.Id, "disk", DriverLanguage.C, longAgo, MigrationStage.InProgress);
        var cache = Driver(storageRepository.Id, storageTeam.Id, "cache", DriverLanguage.Cpp, longAgo, MigrationStage.Planned, DriverModel.Wdm);
        var cacheRs = Driver(storageRepository.Id, storageTeam.Id, "cache-rs", DriverLanguage.Rust, Utc(2026, 11, 20, 10));
        var nic = Driver(netRepository.Id, networkTeam.Id, "nic", DriverLanguage.C, longAgo, changesByHand ? MigrationStage.InProgress : MigrationStage.Migrated);
        var nicRs = Driver(netRepository.Id, networkTeam.Id, "nic-rs", DriverLanguage.Rust, Utc(2026, 11, 2, 0));
        var wifi = Driver(netRepository.Id, networkTeam.Id, "wifi", DriverLanguage.C, longAgo, MigrationStage.InProgress);
        wifi.RemovedAt = Utc(2026, 11, 19, 12);
        var wifiRs = Driver(netRepository.Id, networkTeam.Id, "wifi-rs", DriverLanguage.Rust, Utc(2026, 10, 20, 0));
        var usbHub = Driver(netRepository.Id, null, "usbhub", DriverLanguage.C, Utc(2026, 11, 18, 9));
        db.Drivers.AddRange(disk, cache, cacheRs, nic, nicRs, wifi, wifiRs, usbHub);
        await db.SaveChangesAsync(cancellationToken);

        Pair(cache, cacheRs, PairingSource.Suggested);
        Pair(wifi, wifiRs, PairingSource.Suggested);
        if (!changesByHand)
        {
            Pair(nic, nicRs, PairingSource.Suggested);
        }

        db.Snapshots.AddRange(
            CSnapshot(disk.Id, "disk-a", Utc(2026, 10, 26, 10), c: 1600, header: 400, readiness: 50, band: ReadinessBand.NeedsWork),
            CSnapshot(disk.Id, "disk-b", Utc(2026, 11, 9, 10), c: 1400, header: 400, readiness: 55, band: ReadinessBand.NeedsWork),
            CSnapshot(disk.Id, "disk-c", Utc(2026, 11, 18, 10), c: 900, header: 300, readiness: 70, band: ReadinessBand.Ready),
            CSnapshot(disk.Id, "disk-d", Utc(2026, 11, 24, 10), c: 600, header: 300, readiness: 80, band: ReadinessBand.Ready),
            CSnapshot(cache.Id, "cache-a", Utc(2026, 11, 2, 10), cpp: 1000, readiness: 80, band: ReadinessBand.Ready),
            CSnapshot(cache.Id, "cache-b", Utc(2026, 11, 17, 10), cpp: 1000, readiness: 62, band: ReadinessBand.NeedsWork),
            RustSnapshot(cacheRs.Id, "cache-rs-a", Utc(2026, 11, 20, 10), rust: 400, unsafeLines: 100),
            CSnapshot(nic.Id, "nic-a", Utc(2026, 11, 2, 10), c: 3000, readiness: 30, band: ReadinessBand.Blocked),
            CSnapshot(nic.Id, "nic-b", Utc(2026, 11, 19, 10), c: 2500, readiness: 40, band: ReadinessBand.Blocked),
            RustSnapshot(nicRs.Id, "nic-rs-a", Utc(2026, 11, 3, 10), rust: 500, unsafeLines: 50),
            RustSnapshot(nicRs.Id, "nic-rs-b", Utc(2026, 11, 19, 10), rust: 600, unsafeLines: 120),
            CSnapshot(wifi.Id, "wifi-a", Utc(2026, 11, 2, 10), c: 1500, readiness: 60, band: ReadinessBand.NeedsWork),
            RustSnapshot(wifiRs.Id, "wifi-rs-a", Utc(2026, 10, 27, 10), rust: 2000, unsafeLines: 200),
            RustSnapshot(wifiRs.Id, "wifi-rs-b", Utc(2026, 11, 17, 10), rust: 2600, unsafeLines: 260),
            CSnapshot(usbHub.Id, "usbhub-a", Utc(2026, 11, 18, 9), c: 700, readiness: 45, band: ReadinessBand.NeedsWork));

        db.BuildResults.AddRange(
            Build(storageRepository.Id, null, "1", Utc(2026, 11, 13, 10), BuildStatus.Succeeded, "ci"),
            Build(storageRepository.Id, null, "2", Utc(2026, 11, 18, 12), BuildStatus.Failed, "ci"),
            Build(storageRepository.Id, disk.Id, "3", Utc(2026, 11, 14, 10), BuildStatus.Succeeded, "disk-ci"),
            Build(netRepository.Id, nicRs.Id, "4", Utc(2026, 11, 10, 10), BuildStatus.Failed, "nic-rs-ci"),
            Build(netRepository.Id, nicRs.Id, "5", Utc(2026, 11, 19, 10), BuildStatus.Succeeded, "nic-rs-ci"),
            Build(toolsRepository.Id, null, "6", Utc(2026, 11, 12, 10), BuildStatus.Failed, "tools"),
            Build(toolsRepository.Id, null, "7", Utc(2026, 11, 20, 10), BuildStatus.Succeeded, "tools"));
        await db.SaveChangesAsync(cancellationToken);

        if (changesByHand)
        {
            await PagesAt(storage, Utc(2026, 11, 18, 10))
                .UpdateAsync(nic.Id, MigrationStage.Migrated, networkTeam.Id, nicRs.Id, DriverEditor.AnyTeam("alice"), cancellationToken);
        }

        return new ReportPortfolio(
            storageTeam.Id, networkTeam.Id, storageRepository.Id, netRepository.Id, toolsRepository.Id,
            disk.Id, cache.Id, cacheRs.Id, nic.Id, nicRs.Id, wifi.Id, wifiRs.Id, usbHub.Id);
    }

    public static Driver Driver(
        int repositoryId, int? teamId, string name, DriverLanguage language, DateTime firstSeen,
        MigrationStage stage = MigrationStage.NotStarted, DriverModel model = DriverModel.Kmdf) => new()
        {
            RepositoryId = repositoryId,
            TeamId = teamId,
            Name = name,
            ProjectPath = language == DriverLanguage.Rust ? $"{name}/Cargo.toml" : $"{name}/{name}.vcxproj",
            Language = language,
            Model = model,
            Stage = stage,
            FirstSeenAt = firstSeen,
        };

    public static void Pair(Driver c, Driver rust, PairingSource source)
    {
        c.CounterpartId = rust.Id;
        rust.CounterpartId = c.Id;
        c.PairingSource = source;
        rust.PairingSource = source;
    }

    public static Snapshot CSnapshot(
        int driverId, string commit, DateTime time, int c = 0, int cpp = 0, int header = 0, double readiness = 50, ReadinessBand band = ReadinessBand.NeedsWork) => new()
        {
            DriverId = driverId,
            CommitId = commit,
            CommitTime = time,
            AnalyzedAt = time,
            CCodeLines = c,
            CppCodeLines = cpp,
            HeaderCodeLines = header,
            ReadinessScore = readiness,
            ReadinessBand = band,
            MetricsJson = "{}",
        };

    public static Snapshot RustSnapshot(int driverId, string commit, DateTime time, int rust, int unsafeLines) => new()
    {
        DriverId = driverId,
        CommitId = commit,
        CommitTime = time,
        AnalyzedAt = time,
        RustCodeLines = rust,
        UnsafeLines = unsafeLines,
        UnsafeShare = unsafeLines / (double)rust,
        MetricsJson = "{}",
    };

    public static BuildResult Build(int repositoryId, int? driverId, string id, DateTime completed, BuildStatus status, string name) => new()
    {
        RepositoryId = repositoryId,
        DriverId = driverId,
        CommitId = $"commit-{id}",
        ExternalId = id,
        Name = name,
        Status = status,
        CompletedAt = completed,
        ReceivedAt = completed,
    };
}
