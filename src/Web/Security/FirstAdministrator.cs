using MigrationTracker.Core.Domain;

namespace MigrationTracker.Web.Security;

/// <summary>
/// At start, once the schema is current: makes sure the roles exist and, when nobody can sign in yet, creates the
/// first administrator from <c>MIGRATIONTRACKER_ADMIN_EMAIL</c> and <c>MIGRATIONTRACKER_ADMIN_PASSWORD</c>, or says
/// how to create one. There is no default account and no default password.
/// </summary>
internal sealed class FirstAdministrator(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<FirstAdministrator> logger) : IHostedService
{
    public const string EmailVariable = "MIGRATIONTRACKER_ADMIN_EMAIL";
    public const string PasswordVariable = "MIGRATIONTRACKER_ADMIN_PASSWORD";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.EnsureRolesAsync();
        if (await accounts.AnyUserAsync())
        {
            return;
        }

        var email = configuration[EmailVariable];
        var password = configuration[PasswordVariable];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            logger.LogWarning(
                "No one can sign in yet. Create the first administrator with 'user add you@example.com --role Administrator' on this executable "
                + "(it prints a password once), or start with {EmailVariable} and {PasswordVariable} set.",
                EmailVariable,
                PasswordVariable);
            return;
        }

        try
        {
            await accounts.CreateAsync(email, Roles.Administrator, password, [], cancellationToken);
            logger.LogInformation("Created the first administrator, {Email}, from {EmailVariable}", email, EmailVariable);
        }
        catch (InvalidOperationException ex)
        {
            // The message is Identity's (e.g. the password is too short); it never holds the password.
            logger.LogError("The first administrator {Email} could not be created: {Reason}", email, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
