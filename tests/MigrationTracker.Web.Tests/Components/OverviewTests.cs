using Bunit;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Web.Components.Overview;
using MigrationTracker.Web.Components.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace MigrationTracker.Web.Tests.Components;

public sealed class OverviewTests
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public void A_share_that_rose_reads_as_percentage_points_up_and_better_when_up_is_good()
    {
        var text = FigureFormat.Describe("Rust share of driver code", new WeeklyFigure(0.253, 0.241), FigureKind.Share, GoodDirection.Up);

        text.Value.ShouldBe("25.3 %");
        text.Change.ShouldBe("+1.2 pts");
        text.Color.ShouldBe(Color.Success);
        text.AccessibleText.ShouldBe("Rust share of driver code: 25.3 %, up 1.2 pts from 24.1 % a week earlier (better).");
    }

    [Fact]
    public void An_unsafe_share_that_rose_reads_as_worse()
    {
        var text = FigureFormat.Describe("Mean unsafe share", new WeeklyFigure(0.30, 0.25), FigureKind.Share, GoodDirection.Down);

        text.Change.ShouldBe("+5.0 pts");
        text.Color.ShouldBe(Color.Error);
        text.AccessibleText.ShouldEndWith("(worse).");
    }

    [Fact]
    public void A_change_too_small_to_show_reads_as_no_change()
    {
        var text = FigureFormat.Describe("Median readiness", new WeeklyFigure(61.02, 61.0), FigureKind.Score, GoodDirection.Up);

        text.Change.ShouldBe("no change");
        text.AccessibleText.ShouldBe("Median readiness: 61.0, unchanged from a week earlier.");
    }

    [Fact]
    public void A_figure_with_nothing_a_week_earlier_says_there_is_no_comparison()
    {
        var text = FigureFormat.Describe("Mean unsafe share", new WeeklyFigure(0.5, null), FigureKind.Share, GoodDirection.Down);

        text.Change.ShouldBe("no comparison");
        text.AccessibleText.ShouldContain("no figure a week earlier");
    }

    [Fact]
    public async Task A_headline_card_shows_the_value_and_a_signed_change_and_names_itself_in_one_sentence()
    {
        await using var context = NewContext();

        var card = context.Render<HeadlineCard>(parameters => parameters
            .Add(c => c.Title, "Drivers fully migrated")
            .Add(c => c.Figure, new WeeklyFigure(12, 15))
            .Add(c => c.Kind, FigureKind.Count)
            .Add(c => c.Good, GoodDirection.Up));

        card.Find("[data-testid=value]").TextContent.ShouldBe("12");
        card.Find("[data-testid=change]").TextContent.ShouldBe("\u22123");
        card.Find("[role=group]").GetAttribute("aria-label").ShouldBe("Drivers fully migrated: 12, down 3 from 15 a week earlier (worse).");
    }

    [Fact]
    public void Chart_series_carry_a_missing_week_forward_and_label_every_fourth_week()
    {
        var points = Enumerable.Range(0, 6)
            .Select(i => new TrendPoint(new DateOnly(2026, 1, 5).AddDays(7 * i), i == 2 ? null : 0.1 * i, 1000 - (100 * i), null, i, 1, 0))
            .ToList();

        var charts = OverviewCharts.From(points);

        charts.RustShare[0].Data.Values.ShouldBe([0, 10, 10, 30, 40, 50]);
        charts.BurnDown[0].Data.Values.ShouldBe([1000, 900, 800, 700, 600, 500]);
        charts.Labels.ShouldBe(["Jan 5", "", "", "", "Feb 2", "Feb 9"]);
        charts.Bands.Select(s => s.Name).ShouldBe(["Ready", "Needs work", "Blocked"]);
        charts.BurnDownSummary.ShouldBe("C/C++ lines remaining: 1,000 in the week of 2026-01-05, 500 in the week of 2026-02-09.");
    }

    [Fact]
    public async Task With_no_repository_the_overview_explains_what_to_do_and_links_to_repositories()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        await using var context = NewContext(storage);

        var page = context.Render<Home>();

        page.WaitForElement("[data-testid=first-run]", TimeSpan.FromSeconds(10));
        page.Find("[data-testid=add-repository]").GetAttribute("href").ShouldBe("/repositories");
        page.Find("[data-testid=load-demo]").GetAttribute("aria-label").ShouldBe("Load a demo portfolio");
        page.FindAll("[data-testid=drivers-tracked]").ShouldBeEmpty();
    }

    private static BunitContext NewContext(TestStorage? storage = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        if (storage is not null)
        {
            context.Services.AddSingleton<IDbContextFactory<TrackerDbContext>>(storage);
            context.Services.AddSingleton(TimeProvider.System);
            context.Services.AddSingleton<PortfolioQueries>();
            context.Services.AddSingleton<OverviewSource>();
        }

        return context;
    }
}
