using System.Net;
using System.Text;
using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// No secret the web app holds shows in what it writes or answers: its output, its error pages and problem
/// bodies, its pages and exports in every format, and the files of its data folder. Each test also checks that
/// the flow it searches really ran, so that an empty search cannot pass for a clean one.
/// </summary>
public sealed class SecretsTests(SecretsWebApp app) : IClassFixture<SecretsWebApp>
{
    [Fact]
    public void A_failed_sign_in_does_not_send_the_typed_password_back()
    {
        foreach (var (label, says) in new[]
        {
            ("sign-in, mistyped email", "The email or the password is wrong."),
            ("sign-in, wrong password", "The email or the password is wrong."),
            ("sign-in, no email", "Enter your email."),
        })
        {
            var exchange = app.Answer(label);
            exchange.Status.ShouldBe(HttpStatusCode.OK, label);
            exchange.Text.ShouldContain(says, Case.Sensitive, label);
            exchange.Text.ShouldContain("name=\"Input.Password\"", Case.Sensitive, $"{label}: the form is shown again");
            ShouldHoldNoSecret(label, exchange.Text);
        }
    }

    [Fact]
    public void Refused_keys_and_signatures_get_problem_bodies_that_say_why_without_a_secret()
    {
        var expected = new (string Label, HttpStatusCode Status, string Says)[]
        {
            ("build, valid key", HttpStatusCode.Created, "\"buildId\":\"secrets-1\""),
            ("build, wrong key secret", HttpStatusCode.Unauthorized, "This API key is not valid."),
            ("build, wrong key in X-Api-Key", HttpStatusCode.Unauthorized, "This API key is not valid."),
            ("build, malformed body", HttpStatusCode.BadRequest, "The body is not valid JSON"),
            ("build, invalid fields", HttpStatusCode.BadRequest, "'exploded' is not a build status"),
            ("webhook, no signature", HttpStatusCode.Unauthorized, "The X-Hub-Signature-256 header is missing or does not match"),
            ("webhook, signed with another secret", HttpStatusCode.Unauthorized, "The X-Hub-Signature-256 header is missing or does not match"),
            ("webhook, signed ping", HttpStatusCode.OK, "The webhook is set up."),
            ("webhook, signed push of an untracked repository", HttpStatusCode.NotFound, "No tracked repository matches nobody/untracked"),
        };

        foreach (var (label, status, says) in expected)
        {
            var exchange = app.Answer(label);
            exchange.Status.ShouldBe(status, $"{label}: {exchange.Text}");
            exchange.Text.ShouldContain(says, Case.Sensitive, label);
            ShouldHoldNoSecret(label, exchange.Text);
        }
    }

    [Fact]
    public void Pages_and_exports_in_every_format_hold_no_secret()
    {
        var pages = app.Exchanges.Where(e => e.Label.StartsWith("page ", StringComparison.Ordinal)).ToList();
        pages.Count.ShouldBe(8);
        pages.ShouldAllBe(e => e.Status == HttpStatusCode.OK);
        app.Answer("page /reports").Text.ShouldContain("team-chat", Case.Sensitive, "the Reports page names the webhook, and only names it");
        app.Answer("drivers.csv").Text.ShouldContain("id,name,repository,project_path");
        app.Answer("report, generate").Status.ShouldBe(HttpStatusCode.Created, app.Answer("report, generate").Text);
        app.Answer("report, json").Text.ShouldContain("\"weekStart\"");
        app.Answer("report, xlsx").Text.ShouldContain("xl/worksheets/sheet");
        app.Answer("report, pdf").Text.ShouldContain("%PDF-");
        app.Answer("report, csv").Status.ShouldBe(HttpStatusCode.OK);
        app.Answer("report, md").Text.ShouldContain("# Driver migration report");
        app.Answer("reports, list").Status.ShouldBe(HttpStatusCode.OK);

        foreach (var exchange in app.Exchanges.Where(e => e.Label.StartsWith("page ", StringComparison.Ordinal) || e.Label.StartsWith("report", StringComparison.Ordinal) || e.Label == "drivers.csv"))
        {
            exchange.Status.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Created], exchange.Label);
            ShouldHoldNoSecret(exchange.Label, exchange.Text);
        }
    }

    [Theory]
    [InlineData("unhandled error, build post")]
    [InlineData("unhandled error, signed-in request")]
    public void An_unhandled_error_in_Production_shows_the_error_page_with_a_request_id_and_nothing_of_the_error(string label)
    {
        var exchange = app.Answer(label);

        exchange.Status.ShouldBe(HttpStatusCode.InternalServerError, exchange.Text);
        exchange.Text.ShouldContain("Something went wrong");
        exchange.Text.ShouldContain("under request id");
        exchange.Text.ShouldNotContain("no such table", Case.Insensitive, "the exception stays in the server log");
        exchange.Text.ShouldNotContain("SqliteException");
        exchange.Text.ShouldNotContain("   at ");
        ShouldHoldNoSecret(label, exchange.Text);
    }

    [Fact]
    public void The_process_output_holds_no_secret()
    {
        // The flows did run and were logged: refusals, failed sign-ins and the unhandled errors with their exception.
        app.Output.ShouldContain("Refused an unknown API key");
        app.Output.ShouldContain("Refused a GitHub webhook delivery");
        app.Output.ShouldContain("A sign-in failed for admn@tests.invalid");
        app.Output.ShouldContain("no such table: BuildResults");
        app.Output.ShouldContain("posted with API key secrets-ci", Case.Sensitive, "the key is named in the log by its name, never by its secret");

        ShouldHoldNoSecret("the web process's output", app.Output);
    }

    [Fact]
    public void No_file_in_the_data_folder_holds_a_secret_in_clear()
    {
        app.DataFiles.Keys.ShouldContain("tracker.db");
        app.DataFiles.Keys.ShouldContain("jobs.db");
        var database = Encoding.Latin1.GetString(app.DataFiles["tracker.db"]);
        database.ShouldContain(TestAccounts.AdminEmail, Case.Sensitive, "text columns are readable in the file, so a secret stored in clear would be found");
        database.ShouldContain(app.ApiKey.Split('_')[1], Case.Sensitive, "the key's prefix is stored; its secret only as a hash");

        foreach (var (path, bytes) in app.DataFiles)
        {
            ShouldHoldNoSecret($"data file {path}", Encoding.Latin1.GetString(bytes));
            ShouldHoldNoSecret($"data file {path} (as UTF-16)", Encoding.Unicode.GetString(bytes) + Encoding.Unicode.GetString(bytes, 1, Math.Max(0, bytes.Length - 1)));
        }
    }

    private void ShouldHoldNoSecret(string where, string text)
    {
        var found = app.Secrets.Where(secret => text.Contains(secret.Value, StringComparison.Ordinal)).Select(secret => secret.Key).ToList();
        found.ShouldBeEmpty($"{where} holds {string.Join(", ", found)}");
    }
}
