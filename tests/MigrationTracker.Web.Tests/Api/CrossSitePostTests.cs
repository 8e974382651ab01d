using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MigrationTracker.Core.Reports;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Tests.Api;

/// <summary>
/// The signed-in POSTs that read no form, as a page on a sibling host would make a signed-in manager's browser send
/// them (an auto-submitted empty form, the cookie going along): refused, nothing stored. Scripts that send
/// <c>X-Requested-With</c> get through.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class CrossSitePostTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_regeneration_posted_by_a_form_is_refused_and_the_stored_report_is_kept()
    {
        var week = new DateOnly(2024, 3, 4);
        using var script = await app.CreateSignedInScriptClientAsync();
        (await script.PostAsync($"/api/reports/{ReportWeek.IsoName(week)}", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = await StoredAtAsync(week);

        using var browser = await app.CreateSignedInClientAsync();
        using var forged = await browser.PostAsync($"/api/reports/{ReportWeek.IsoName(week)}?regenerate=true", EmptyForm(), Cancel);

        await ShouldBeRefusedAsync(forged);
        (await StoredAtAsync(week)).ShouldBe(stored, "the stored report must not be regenerated");
    }

    [Fact]
    public async Task A_report_posted_by_a_form_for_a_new_week_is_refused_and_nothing_is_stored()
    {
        var week = new DateOnly(2024, 3, 11);
        using var browser = await app.CreateSignedInClientAsync();

        using var forged = await browser.PostAsync($"/api/reports/{ReportWeek.IsoName(week)}", EmptyForm(), Cancel);

        await ShouldBeRefusedAsync(forged);
        (await StoredAtAsync(week)).ShouldBeNull();
    }

    [Fact]
    public async Task A_worker_probe_posted_by_a_form_is_refused_and_none_is_enqueued_while_a_script_gets_one()
    {
        using var browser = await app.CreateSignedInClientAsync();
        var before = await ProbeCountAsync();

        using var forged = await browser.PostAsync("/api/diagnostics/worker-probes", EmptyForm(), Cancel);

        await ShouldBeRefusedAsync(forged);
        (await ProbeCountAsync()).ShouldBe(before);

        using var script = await app.CreateSignedInScriptClientAsync();
        using var created = await script.PostAsync("/api/diagnostics/worker-probes", null, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetGuid();
        (await script.GetAsync($"/api/diagnostics/worker-probes/{id}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static FormUrlEncodedContent EmptyForm() => new([]);

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("X-Requested-With: XMLHttpRequest");
    }

    private async Task<DateTime?> StoredAtAsync(DateOnly week)
    {
        await using var db = await app.Database.CreateDbContextAsync(Cancel);
        return await db.Reports.Where(r => r.WeekStart == week && r.Scope == WeeklyReport.OrganisationScope).Select(r => (DateTime?)r.GeneratedAt).SingleOrDefaultAsync(Cancel);
    }

    private async Task<int> ProbeCountAsync()
    {
        await using var db = await app.Database.CreateDbContextAsync(Cancel);
        return await db.WorkerProbes.CountAsync(Cancel);
    }
}
