using Microsoft.EntityFrameworkCore;

namespace Verzuim.Host.Auth.Dev;

/// <summary>OpenIddict's applications, authorizations and tokens for the development provider: in memory, gone on restart.</summary>
public sealed class DevIdentityDbContext(DbContextOptions<DevIdentityDbContext> options) : DbContext(options);
