using System.Reflection;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Web.Security;
using MigrationTracker.Workers.Hosting;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace MigrationTracker.Web.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked as text: it must parse, and every
/// name, port and path in it must match what the programs actually read and serve.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Load();

    private static YamlMappingNode Services => (YamlMappingNode)Compose["services"];

    [Fact]
    public void It_runs_postgres_web_and_several_workers()
    {
        Services.Children.Keys.Select(k => k.ToString()).ShouldBe(["postgres", "web", "workers"], ignoreOrder: true);

        var replicas = int.Parse(Scalar(Service("workers"), "deploy", "replicas"), System.Globalization.CultureInfo.InvariantCulture);
        replicas.ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("workers")]
    public void Every_environment_variable_names_a_setting_the_program_reads(string service)
    {
        var known = KnownSettings();

        foreach (var name in Environment(service).Keys)
        {
            // An array entry (Section__List__0) names the list.
            var key = ArrayIndex().Replace(name.Replace("__", ":", StringComparison.Ordinal), string.Empty);
            known.ShouldContain(key, $"{service} sets {name}, which no code reads");
        }
    }

    [Theory]
    [InlineData("web")]
    [InlineData("workers")]
    public void Both_programs_use_the_postgres_service_with_its_credentials(string service)
    {
        var environment = Environment(service);
        environment["Database__Provider"].ShouldBe(nameof(DatabaseProvider.PostgreSql));

        var connection = new NpgsqlConnectionStringBuilder(environment["ConnectionStrings__Tracker"]);
        var postgres = Environment("postgres");
        connection.Host.ShouldBe("postgres");
        connection.Port.ShouldBe(5432);
        connection.Database.ShouldBe(postgres["POSTGRES_DB"]);
        connection.Username.ShouldBe(postgres["POSTGRES_USER"]);
        connection.Password.ShouldBe(postgres["POSTGRES_PASSWORD"], "the password must come from the same variable");
        environment["Storage__DataDirectory"].ShouldBe(VolumeTarget(service, "tracker-data"));
    }

    [Fact]
    public void Only_the_workers_run_jobs_and_the_web_port_is_published_on_loopback()
    {
        Environment("web")["Jobs__RunServer"].ShouldBe("false");
        Environment("workers").ShouldNotContainKey("Jobs__RunServer");

        var listenPort = new Uri(Environment("web")["Urls"]).Port;
        var ports = (YamlSequenceNode)Service("web")["ports"];
        var published = ports.Children.Single().ToString().Split(':');
        published[0].ShouldBe("127.0.0.1");
        int.Parse(published[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(listenPort);

        var healthUrl = ((YamlSequenceNode)Service("web")["healthcheck"]["test"]).Children.Last().ToString();
        new Uri(healthUrl).Port.ShouldBe(listenPort);
        new Uri(healthUrl).AbsolutePath.ShouldBe("/health/ready");
    }

    [Fact]
    public void Start_order_waits_for_healthy_dependencies()
    {
        Scalar(Service("web"), "depends_on", "postgres", "condition").ShouldBe("service_healthy");
        Scalar(Service("workers"), "depends_on", "postgres", "condition").ShouldBe("service_healthy");
        Scalar(Service("workers"), "depends_on", "web", "condition").ShouldBe("service_healthy");

        foreach (var service in new[] { "postgres", "web", "workers" })
        {
            Service(service).Children.ShouldContainKey(new YamlScalarNode("healthcheck"), $"{service} has no health check");
        }

        var workerCheck = ((YamlSequenceNode)Service("workers")["healthcheck"]["test"]).Children.Select(c => c.ToString()).ToList();
        workerCheck.ShouldContain(HealthProbe.Argument);
    }

    [Theory]
    [InlineData("web", "MigrationTracker.Web")]
    [InlineData("workers", "MigrationTracker.Workers")]
    public void Each_program_is_built_from_a_Dockerfile_that_starts_that_program(string service, string assemblyName)
    {
        var dockerfile = Path.Combine(ProductProcess.RepositoryRoot, Scalar(Service(service), "build", "dockerfile"));
        File.Exists(dockerfile).ShouldBeTrue();
        var text = File.ReadAllText(dockerfile);

        text.ShouldContain($"ENTRYPOINT [\"dotnet\", \"{assemblyName}.dll\"]");
        var project = text.Split('\n').Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal)).Split(' ')[3];
        File.Exists(Path.Combine(ProductProcess.RepositoryRoot, project)).ShouldBeTrue($"{project} does not exist");
        Path.GetFileNameWithoutExtension(project).ShouldBe(assemblyName);
        Assembly.Load(assemblyName).ShouldNotBeNull();
    }

    private static HashSet<string> KnownSettings()
    {
        var jobs = typeof(JobsOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => $"{JobsOptions.SectionName}:{p.Name}");
        var proxy = typeof(ReverseProxyOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => $"{ReverseProxyOptions.SectionName}:{p.Name}");
        return new HashSet<string>(
            [StorageSettings.ProviderKey, StorageSettings.ConnectionStringKey, StorageSettings.DataDirectoryKey, "Urls", .. jobs, .. proxy],
            StringComparer.OrdinalIgnoreCase);
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    /// <summary>The service's environment with YAML merge keys (&lt;&lt;: *anchor) resolved.</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (YamlMappingNode)Service(service)["environment"])
        {
            if (key.ToString() == "<<")
            {
                foreach (var (mergedKey, mergedValue) in (YamlMappingNode)value)
                {
                    result[mergedKey.ToString()] = mergedValue.ToString();
                }
            }
            else
            {
                result[key.ToString()] = value.ToString();
            }
        }

        return result;
    }

    private static string VolumeTarget(string service, string volume)
    {
        var mounts = ((YamlSequenceNode)Service(service)["volumes"]).Children.Select(c => c.ToString().Split(':')).ToList();
        ((YamlMappingNode)Compose["volumes"]).Children.ShouldContainKey(new YamlScalarNode(volume));
        return mounts.Single(m => m[0] == volume)[1];
    }

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var step in path)
        {
            current = ((YamlMappingNode)current)[step];
        }

        return ((YamlScalarNode)current).Value!;
    }

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(Path.Combine(ProductProcess.RepositoryRoot, "docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    [GeneratedRegex(@":[0-9]+$")]
    private static partial Regex ArrayIndex();
}
