using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Testing;
using MigrationTracker.Web.Components.Repositories;
using MigrationTracker.Web.Repositories;
using MudBlazor.Services;

namespace MigrationTracker.Web.Tests.Repositories;

/// <summary>The add form says what is wrong with a location as it is typed, and stores nothing until it is valid.</summary>
public sealed class AddRepositoryFormTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly TemporaryDirectory _root = new("mt-form");
    private readonly List<NewRepository> _submitted = [];

    public AddRepositoryFormTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(Options.Create(new RepositoryOptions { LocalRoots = [_root.Path] }));
    }

    private IRenderedComponent<AddRepositoryForm> Render(Func<NewRepository, RepositoryActionResult>? answer = null) =>
        _context.Render<AddRepositoryForm>(parameters => parameters
            .Add(p => p.Submit, request =>
            {
                _submitted.Add(request);
                return Task.FromResult(answer?.Invoke(request) ?? RepositoryActionResult.Done(1));
            })
            .Add(p => p.TeamNames, ["USB", "Storage"]));

    private static void Type(IRenderedComponent<AddRepositoryForm> form, string text) =>
        form.Find("input[data-testid=location]").Input(text);

    // MudBlazor puts the test id on the input; the error and helper texts are in its control.
    private static AngleSharp.Dom.IElement LocationControl(IRenderedComponent<AddRepositoryForm> form) =>
        form.Find("input[data-testid=location]").Closest(".mud-input-control").ShouldNotBeNull();

    [Fact]
    public void Before_anything_is_typed_no_error_shows_and_add_is_disabled()
    {
        var form = Render();

        form.Find("input[data-testid=location]").GetAttribute("aria-invalid").ShouldBe("false");
        form.Find("[data-testid=add]").HasAttribute("disabled").ShouldBeTrue();
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/x", "starts with '-', which git would read as an option")]
    [InlineData("https://me:ghp_123@github.com/o/r.git", "Do not put credentials in the address")]
    [InlineData("http://git.example.com/r.git", "'http://' addresses are not allowed here (allowed: https, ssh)")]
    [InlineData("/etc/drivers", "is outside the folders local repositories may be added from")]
    public void A_bad_location_shows_why_inline_and_cannot_be_added(string location, string message)
    {
        var form = Render();

        Type(form, location);

        form.WaitForAssertion(() => LocationControl(form).TextContent.ShouldContain(message));
        form.Find("input[data-testid=location]").GetAttribute("aria-invalid").ShouldBe("true");
        form.Find("[data-testid=add]").HasAttribute("disabled").ShouldBeTrue();
        _submitted.ShouldBeEmpty();
    }

    [Fact]
    public void A_github_repository_is_recognised_and_enables_the_token_field()
    {
        var form = Render();
        form.Find("input[data-testid=token]").HasAttribute("disabled").ShouldBeTrue();

        Type(form, "microsoft/Windows-driver-samples");

        form.WaitForAssertion(() => LocationControl(form).TextContent.ShouldContain("GitHub repository microsoft/Windows-driver-samples"));
        form.Find("input[data-testid=token]").HasAttribute("disabled").ShouldBeFalse();
        form.Find("[data-testid=add]").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void A_valid_local_path_is_submitted_and_a_refusal_from_the_service_is_shown()
    {
        var path = Path.Combine(_root.Path, "drivers.git");
        Directory.CreateDirectory(path);
        var form = Render(_ => RepositoryActionResult.Refused($"{path} is already tracked as 'drivers'."));

        Type(form, path);
        form.WaitForAssertion(() => form.Find("[data-testid=add]").HasAttribute("disabled").ShouldBeFalse());
        form.Find("[data-testid=add]").Click();

        _submitted.ShouldHaveSingleItem().Location.ShouldBe(path);
        form.WaitForAssertion(() => form.Find("[data-testid=submit-error]").TextContent.ShouldContain("is already tracked as 'drivers'."));
    }

    [Fact]
    public void Every_field_has_a_label_tied_to_its_input()
    {
        var form = Render();

        foreach (var field in new[] { "location", "name", "team", "token" })
        {
            var input = form.Find($"input[data-testid={field}]");
            var id = input.GetAttribute("id").ShouldNotBeNull();
            form.FindAll($"label[for='{id}']").ShouldNotBeEmpty($"the {field} field has no label");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _root.Dispose();
    }
}
