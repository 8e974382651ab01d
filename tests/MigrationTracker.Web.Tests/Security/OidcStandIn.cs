using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>The person signed in at the identity provider, as its ID tokens describe them.</summary>
/// <param name="EmailVerified">The <c>email_verified</c> claim; null leaves it out, as Entra ID does.</param>
/// <param name="DomainOwnerVerified">Entra ID's optional <c>xms_edov</c> claim; null leaves it out.</param>
public sealed record ProviderUser(string Subject, string? Email, string Name = "Test Person", bool? EmailVerified = true, bool? DomainOwnerVerified = null);

/// <summary>How the stand-in's next ID tokens are wrong on purpose, as a forged or replayed token would be.</summary>
public enum IdTokenFault
{
    None,

    /// <summary>Signed with a key the provider never published, under the published key's id.</summary>
    ForeignKey,

    /// <summary>Carries the nonce of some other sign-in.</summary>
    WrongNonce,
}

/// <summary>An authorization request the stand-in answered with a code.</summary>
public sealed record AuthorizationRequest(
    string RedirectUri, string ResponseMode, string Scope, string State, string Nonce, string CodeChallenge, ProviderUser User, string Code);

/// <summary>
/// A request to the token endpoint: whether the client proved who it is, whose code it brought (null: no code the
/// stand-in handed out) and why no tokens were given (null: they were).
/// </summary>
public sealed record TokenRequest(bool ClientAuthenticated, string? Subject, string? Refusal);

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1, strict where real ones are: discovery, a JWKS with an RSA key made for
/// the test, <c>/authorize</c> (authorization code with PKCE S256 only, answered at once for <see cref="SignedIn"/>)
/// and <c>/token</c> (client secret, single-use code, redirect address, PKCE verifier), ID tokens signed RS256.
/// </summary>
public sealed class OidcStandIn : IAsyncDisposable
{
    public const string ClientId = "migrationtracker-tests";

    /// <summary>Only for the stand-in; the log tests look for it.</summary>
    public const string ClientSecret = "stand-in-client-secret-4b9e1d77";

    private const string KeyId = "stand-in-key-1";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, AuthorizationRequest> _codes = new(StringComparer.Ordinal);

    private OidcStandIn(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The issuer, without a trailing slash, as the product's <c>Authority</c> setting names it.</summary>
    public string Authority { get; private set; } = null!;

    /// <summary>Who the provider answers for; nobody means the person cancels (<c>access_denied</c>).</summary>
    public ProviderUser? SignedIn { get; set; }

    public IdTokenFault Fault { get; set; }

    public ConcurrentQueue<AuthorizationRequest> Authorizations { get; } = new();

    public ConcurrentQueue<TokenRequest> TokenRequests { get; } = new();

    public static async Task<OidcStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new OidcStandIn(app);
        app.MapGet("/.well-known/openid-configuration", provider.DiscoveryAsync);
        app.MapGet("/jwks", provider.KeysAsync);
        app.MapGet("/authorize", provider.AuthorizeAsync);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync();
        provider.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return provider;
    }

    /// <summary>Back to a well-behaved provider with nobody signed in, between tests.</summary>
    public void Reset()
    {
        SignedIn = null;
        Fault = IdTokenFault.None;
    }

    private Task DiscoveryAsync(HttpContext context) => context.Response.WriteAsJsonAsync(new Dictionary<string, object>
    {
        ["issuer"] = Authority,
        ["authorization_endpoint"] = $"{Authority}/authorize",
        ["token_endpoint"] = $"{Authority}/token",
        ["jwks_uri"] = $"{Authority}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
    });

    private Task KeysAsync(HttpContext context)
    {
        var key = _key.ExportParameters(includePrivateParameters: false);
        return context.Response.WriteAsJsonAsync(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = Base64Url(key.Modulus!),
                    ["e"] = Base64Url(key.Exponent!),
                },
            },
        });
    }

    private async Task AuthorizeAsync(HttpContext context)
    {
        string Query(string name) => context.Request.Query[name].FirstOrDefault() ?? "";
        var redirectUri = Query("redirect_uri");
        var problem = Query("client_id") != ClientId ? "unknown client_id"
            : !Uri.IsWellFormedUriString(redirectUri, UriKind.Absolute) ? "redirect_uri missing or not absolute"
            : Query("response_type") != "code" ? "only response_type=code is served"
            : !Query("scope").Split(' ').Contains("openid") ? "scope without openid"
            : Query("code_challenge_method") != "S256" || Query("code_challenge").Length < 43 ? "PKCE with S256 is required"
            : Query("state").Length == 0 || Query("nonce").Length == 0 ? "state and nonce are required"
            : null;
        if (problem is not null)
        {
            // A provider shows a bad client request to the person rather than redirecting to an address it cannot trust.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(problem);
            return;
        }

        var responseMode = Query("response_mode") is { Length: > 0 } mode ? mode : "query";
        var answer = new Dictionary<string, string> { ["state"] = Query("state") };
        if (SignedIn is { } user)
        {
            var code = Base64Url(RandomNumberGenerator.GetBytes(32));
            var request = new AuthorizationRequest(redirectUri, responseMode, Query("scope"), Query("state"), Query("nonce"), Query("code_challenge"), user, code);
            _codes[code] = request;
            Authorizations.Enqueue(request);
            answer["code"] = code;
        }
        else
        {
            answer["error"] = "access_denied";
            answer["error_description"] = "The person cancelled the sign-in.";
        }

        if (responseMode == "form_post")
        {
            // What real providers send: a page whose script posts the answer to the client at once.
            var fields = string.Concat(answer.Select(f => $"<input type=\"hidden\" name=\"{f.Key}\" value=\"{WebUtility.HtmlEncode(f.Value)}\"/>"));
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!doctype html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">{fields}<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
            return;
        }

        var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        context.Response.Redirect(redirectUri + separator + string.Join("&", answer.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")));
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(context.Request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            TokenRequests.Enqueue(new TokenRequest(false, null, "invalid_client"));
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client or wrong secret.");
            return;
        }

        // Single use: a code is gone once presented, whatever the outcome.
        _codes.TryRemove(form["code"].ToString(), out var request);
        var refusal = form["grant_type"] != "authorization_code" ? "only the authorization_code grant is served"
            : request is null ? "unknown or already redeemed code"
            : form["redirect_uri"] != request.RedirectUri ? "redirect_uri differs from the authorization request's"
            : Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != request.CodeChallenge ? "PKCE code_verifier does not match the code_challenge"
            : null;
        TokenRequests.Enqueue(new TokenRequest(true, request?.User.Subject, refusal));
        if (refusal is not null)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "invalid_grant", refusal);
            return;
        }

        var accessToken = Base64Url(RandomNumberGenerator.GetBytes(32));
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = IdToken(request!, accessToken),
        });
    }

    private string IdToken(AuthorizationRequest request, string accessToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Authority,
            ["aud"] = ClientId,
            ["sub"] = request.User.Subject,
            ["name"] = request.User.Name,
            ["nonce"] = Fault == IdTokenFault.WrongNonce ? "nonce-of-another-sign-in" : request.Nonce,
            ["iat"] = now,
            ["auth_time"] = now,
            ["exp"] = now + 300,

            // The left half of the access token's SHA-256, as OpenID Connect Core 3.1.3.6 defines it.
            ["at_hash"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
        };
        if (request.User.Email is { } email)
        {
            claims["email"] = email;
        }

        if (request.User.EmailVerified is { } verified)
        {
            claims["email_verified"] = verified;
        }

        if (request.User.DomainOwnerVerified is { } domainOwner)
        {
            claims["xms_edov"] = domainOwner;
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid = KeyId, typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signer = Fault == IdTokenFault.ForeignKey ? _foreignKey : _key;
        var signature = signer.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    /// <summary>client_secret_basic (the Authorization header) or client_secret_post (the form), as the client chose.</summary>
    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length == 2 ? Uri.UnescapeDataString(pair[1]) : null);
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static Task RefuseAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description });
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
        _foreignKey.Dispose();
    }
}
