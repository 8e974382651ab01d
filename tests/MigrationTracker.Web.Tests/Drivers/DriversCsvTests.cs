using System.Globalization;
using MigrationTracker.Core.Domain;
using MigrationTracker.Web.Tests.Api;

namespace MigrationTracker.Web.Tests.Drivers;

/// <summary><c>GET /drivers.csv</c> as a signed-in user downloads it and opens it in a spreadsheet.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class DriversCsvTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_name_a_spreadsheet_would_read_as_a_formula_is_exported_with_a_leading_apostrophe()
    {
        var repository = await app.AddRepositoryAsync(
            RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}", "a/\t=HYPERLINK(0).vcxproj", "b/=SUM(1).vcxproj", "c/plain.vcxproj");
        using var client = await app.CreateSignedInClientAsync();

        var csv = await client.GetStringAsync(new Uri($"drivers.csv?repository={repository.Id.ToString(CultureInfo.InvariantCulture)}&sort=name", UriKind.Relative), Cancel);

        var names = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[1]).ToList();
        names.ShouldBe(["'\t=HYPERLINK(0)", "'=SUM(1)", "plain"], ignoreOrder: true);
    }
}
