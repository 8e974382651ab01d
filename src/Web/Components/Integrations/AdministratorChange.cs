using System.Security.Claims;
using MigrationTracker.Web.Security;
using MigrationTracker.Workers.Secrets;
using MudBlazor;

namespace MigrationTracker.Web.Components.Integrations;

/// <summary>A change on the Settings page that only an Administrator may make, with its outcome shown as a message.</summary>
internal static class AdministratorChange
{
    /// <param name="what">What is changed, as the messages name it ("the webhook secret").</param>
    /// <param name="change">Makes the change as the given user name and returns what to tell them.</param>
    /// <param name="reload">Reads what the card shows again, after a change.</param>
    /// <returns>Whether the change was made.</returns>
    public static async Task<bool> RunAsync(ClaimsPrincipal user, ISnackbar snackbar, ILogger logger, string what, Func<string, Task<string>> change, Func<Task> reload)
    {
        if (!user.CanAdminister())
        {
            snackbar.Add($"Only administrators change {what}.", Severity.Error);
            return false;
        }

        try
        {
            snackbar.Add(await change(user.ChangedBy()), Severity.Success);
        }
        catch (Exception e) when (e is SettingRejectedException or ProtectedSettingUnreadableException)
        {
            snackbar.Add(e.Message, Severity.Error);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Changing {What} failed", what);
            snackbar.Add("Saving failed: the log has the details.", Severity.Error);
            return false;
        }

        try
        {
            await reload();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is saved; only what the card shows is stale. A throw here would end the page's connection.
            logger.LogError(e, "Reading {What} again after a change failed", what);
            snackbar.Add("Saved, but the settings could not be read again: reload the page.", Severity.Warning);
        }

        return true;
    }
}
