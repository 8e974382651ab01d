using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Web.Drivers;
using Microsoft.AspNetCore.WebUtilities;

namespace MigrationTracker.Web.Tests.Drivers;

public sealed class DriverGridAddressTests
{
    [Fact]
    public void A_filtered_sorted_view_survives_the_trip_through_its_address()
    {
        var view = new DriverGridQuery
        {
            Text = "nvme queue",
            TeamId = 3,
            RepositoryId = 7,
            Language = DriverLanguage.Cpp,
            Model = DriverModel.Kmdf,
            Framework = "Storport",
            Stage = MigrationStage.InProgress,
            Band = ReadinessBand.NeedsWork,
            Sort = DriverSort.Readiness,
            Descending = true,
            Page = 4,
            PageSize = 50,
        };

        var address = DriverGridAddress.Format("/drivers", view);

        address.ShouldStartWith("/drivers?");
        address.ShouldContain("q=nvme%20queue");
        DriverGridAddress.Parse(Query(address)).ShouldBe(view);
    }

    [Fact]
    public void The_default_view_has_a_bare_address()
    {
        DriverGridAddress.Format("/drivers", new DriverGridQuery()).ShouldBe("/drivers");
    }

    [Theory]
    [InlineData("?sort=nonsense&page=-3&size=100000&language=Cobol&team=x")]
    [InlineData("?band=42&stage=&desc=maybe")]
    public void Nonsense_in_the_address_falls_back_to_defaults_instead_of_failing(string query)
    {
        var view = DriverGridAddress.Parse(Query("/drivers" + query));

        view.Sort.ShouldBe(DriverSort.Name);
        view.Page.ShouldBe(0);
        view.PageSize.ShouldBeInRange(10, 200);
        view.Language.ShouldBeNull();
        view.TeamId.ShouldBeNull();
        view.Band.ShouldBeNull();
        view.Descending.ShouldBeFalse();
    }

    private static Dictionary<string, string?> Query(string address)
    {
        var query = address.Contains('?', StringComparison.Ordinal) ? address[address.IndexOf('?', StringComparison.Ordinal)..] : "";
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
    }
}
