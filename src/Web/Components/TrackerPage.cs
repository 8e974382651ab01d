using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MigrationTracker.Web.Security;

namespace MigrationTracker.Web.Components;

/// <summary>
/// A page that shows or hides what the signed-in user may do. The user is read from the cascading
/// authentication state before the page's own lifecycle methods run, and again when that state changes.
/// </summary>
public abstract class TrackerPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? Auth { get; set; }

    /// <summary>The signed-in user; a user with no identity until the authentication state is known.</summary>
    protected ClaimsPrincipal User { get; private set; } = new();

    /// <summary>Whether the user may generate and send reports and change the scoring policy.</summary>
    protected bool CanManage => User.CanManage();

    /// <summary>Whether the user may manage repositories, users and keys.</summary>
    protected bool CanAdminister => User.CanAdminister();

    /// <summary>Whether the user may change the stage, team and pairing of a driver of <paramref name="teamId"/>.</summary>
    protected bool CanEditDriver(int? teamId) => User.CanEditDriver(teamId);

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        // The parameter view is valid only until the first await: take the values now, then run the lifecycle
        // with them already set. An authentication state that is already known (the usual case) costs no await.
        parameters.SetParameterProperties(this);
        User = await PageAccess.UserAsync(Auth);
        await base.SetParametersAsync(ParameterView.Empty);
    }
}
