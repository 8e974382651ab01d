using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;

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
    public string DefaultRole { get; set; } = Roles.Viewer;

    /// <summary>Whether a person the identity provider vouches for but who has no account yet gets one.</summary>
    public bool CreateAccounts { get; set; } = true;

    /// <summary>
    /// Whether a provider login may be joined to an existing account by email when the provider does not say the address is
    /// verified (an <c>email_verified</c> or, from Entra ID, <c>xms_edov</c> claim that is true). Off (the default), such a
    /// sign-in is refused: otherwise whoever can give themselves an address at the provider takes over the account with it.
    /// Entra ID sends neither claim unless <c>xms_edov</c> is added as an optional claim; turn this on only for a provider
    /// where people cannot choose their own address, such as a single-tenant Entra ID without guest accounts.
    /// </summary>
    public bool TrustUnverifiedEmail { get; set; }

    /// <summary>Off only for a test identity provider on loopback.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>
    /// Stops start-up with a <see cref="ConfigurationErrorException"/> naming the setting at fault. The handler would
    /// only find out at the first request, and then fail every request, the health probes included.
    /// </summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            throw new ConfigurationErrorException(
                $"{SectionName}:Authority is '{Authority}', which is not an https address. Give the identity provider's issuer, for example https://login.microsoftonline.com/{{tenant}}/v2.0.");
        }

        if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            throw new ConfigurationErrorException(
                $"{SectionName}:Authority '{Authority}' is not https. Give the provider's https address; only a test provider on loopback may use http, with {SectionName}:RequireHttpsMetadata set to false.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ConfigurationErrorException(
                $"{SectionName}:ClientId is empty. Set it to the application (client) id this product is registered under at the identity provider.");
        }

        if (Roles.Parse(DefaultRole) is null)
        {
            throw new ConfigurationErrorException(
                $"{SectionName}:DefaultRole is '{DefaultRole}', which is not a role. Roles: {string.Join(", ", Roles.All)}.");
        }
    }
}
