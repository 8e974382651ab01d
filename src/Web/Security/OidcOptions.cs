namespace MigrationTracker.Web.Security;

/// <summary>
/// OpenID Connect sign-in (section <c>Authentication:Oidc</c>), for example Microsoft Entra ID
/// (<c>Authority = https://login.microsoftonline.com/{tenant}/v2.0</c>). Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Authentication:Oidc";

    public const string Scheme = "oidc";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Never logged; kept in configuration or a secret store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The button's text on the sign-in page: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The role of an account created at its first OpenID Connect sign-in; an administrator can change it later.</summary>
    public string DefaultRole { get; set; } = Core.Domain.Roles.Viewer;

    /// <summary>Whether a person the identity provider vouches for but who has no account yet gets one.</summary>
    public bool CreateAccounts { get; set; } = true;

    /// <summary>Off only for a test identity provider on loopback.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
