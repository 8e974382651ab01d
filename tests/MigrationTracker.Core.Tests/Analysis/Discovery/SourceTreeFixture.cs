using MigrationTracker.Core.Analysis.Discovery;

namespace MigrationTracker.Core.Tests.Analysis.Discovery;

/// <summary>An in-memory tree: paths with text, plus paths that exist but are never read.</summary>
internal sealed class SourceTreeFixture : ISourceTreeText
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];

    public List<string> ReadPaths { get; } = [];

    public SourceTreeFixture Add(string path, string text = "")
    {
        _paths.Add(path);
        _texts[path] = text;
        return this;
    }

    public string? ReadText(string path)
    {
        ReadPaths.Add(path);
        return _texts.GetValueOrDefault(path);
    }

    public DiscoveryResult Discover() => DriverDiscovery.Discover(_paths, this);

    /// <summary>
    /// A .vcxproj as Visual Studio writes it: the configuration properties repeated for Debug and
    /// Release, items in their own groups.
    /// </summary>
    public static string Vcxproj(
        string configurationType,
        string? driverType = null,
        string toolset = "WindowsKernelModeDriver10.0",
        string globals = "",
        string items = "",
        string link = "")
    {
        var configuration = string.Join('\n', new[] { "Debug", "Release" }.Select(c => $"""
              <PropertyGroup Label="Configuration" Condition="'$(Configuration)|$(Platform)'=='{c}|x64'">
                <TargetVersion>Windows10</TargetVersion>
                <DriverTargetPlatform>Universal</DriverTargetPlatform>
                {(driverType is null ? "" : $"<DriverType>{driverType}</DriverType>")}
                <PlatformToolset>{toolset}</PlatformToolset>
                <ConfigurationType>{configurationType}</ConfigurationType>
              </PropertyGroup>
              <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='{c}|x64'">
                <Link>
                  <AdditionalDependencies>{link}</AdditionalDependencies>
                </Link>
              </ItemDefinitionGroup>
            """));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <Project DefaultTargets="Build" ToolsVersion="12.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup Label="Globals">
                <RootNamespace>$(MSBuildProjectName)</RootNamespace>
                {globals}
              </PropertyGroup>
            {configuration}
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """;
    }
}
