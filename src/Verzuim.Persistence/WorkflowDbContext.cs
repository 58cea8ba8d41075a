using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Verzuim.Workflows.Stores;

namespace Verzuim.Persistence;

/// <summary>
/// The engine's store. One model for both providers; each provider has its own subclass only so that each
/// keeps its own migrations (<see cref="PostgresWorkflowDbContext"/>, <see cref="SqliteWorkflowDbContext"/>).
/// </summary>
public abstract class WorkflowDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();
    public DbSet<SubscriptionRecord> Subscriptions => Set<SubscriptionRecord>();
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();
    public DbSet<TimelineRecord> Timeline => Set<TimelineRecord>();
    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();
    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();
    public DbSet<ProcessedMessageRecord> ProcessedMessages => Set<ProcessedMessageRecord>();
    public DbSet<BufferedMessageRecord> BufferedMessages => Set<BufferedMessageRecord>();
    public DbSet<AttendanceEntryRecord> AttendanceEntries => Set<AttendanceEntryRecord>();
    public DbSet<AuditEntryRecord> AuditLog => Set<AuditEntryRecord>();
    public DbSet<HolidayDataRecord> HolidayData => Set<HolidayDataRecord>();
    public DbSet<SchoolDayRecord> SchoolDays => Set<SchoolDayRecord>();
    public DbSet<RevokedSessionRecord> RevokedSessions => Set<RevokedSessionRecord>();
    public DbSet<PersonRecord> People => Set<PersonRecord>();
    public DbSet<MailRecord> Mails => Set<MailRecord>();
    public DbSet<CaseNoteRecord> CaseNotes => Set<CaseNoteRecord>();
    public DbSet<ErrorMessageRecord> ErrorMessages => Set<ErrorMessageRecord>();
    public DbSet<MigrationBatchRecord> MigrationBatches => Set<MigrationBatchRecord>();
    public DbSet<MigrationBatchCaseRecord> MigrationBatchCases => Set<MigrationBatchCaseRecord>();

    public abstract bool SupportsRowLocks { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("definitions");
            e.HasIndex(x => new { x.ProcessId, x.Version }).IsUnique();
            e.Property(x => x.ProcessId).HasMaxLength(200);
            e.Property(x => x.ChangeNote).HasMaxLength(DefinitionRecord.MaxChangeNoteLength);
        });
        b.Entity<InstanceRecord>(e =>
        {
            e.ToTable("instances");
            e.Property(x => x.Step).HasMaxLength(200);
            e.Property(x => x.SchoolId).HasMaxLength(64);
            e.HasIndex(x => new { x.SchoolId, x.Status });
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.ProcessId, x.BusinessKey, x.Status });
            // at most one open case per pupil per model, even when two hosts start one at the same moment
            e.HasIndex(x => new { x.ProcessId, x.BusinessKey }).IsUnique().HasDatabaseName("ux_instances_open_case")
                .HasFilter("\"BusinessKey\" IS NOT NULL AND \"ParentInstanceId\" IS NULL AND \"Status\" IN ('Running', 'Incident')");
            e.HasIndex(x => x.ParentInstanceId);
            e.HasIndex(x => x.DefinitionId);
        });
        b.Entity<SubscriptionRecord>(e =>
        {
            e.ToTable("subscriptions");
            e.HasIndex(x => new { x.Kind, x.MessageName, x.CorrelationKey });
            e.HasIndex(x => new { x.Kind, x.DueAt });
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<TaskRecord>(e =>
        {
            e.ToTable("tasks");
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => new { x.Status, x.CandidateRole, x.DueAt });
        });
        b.Entity<TimelineRecord>(e =>
        {
            e.ToTable("timeline");
            e.HasIndex(x => new { x.InstanceId, x.Sequence }).IsUnique();
        });
        b.Entity<OutboxRecord>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Position);
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.DispatchedAt, x.Position });
        });
        b.Entity<IncidentRecord>(e =>
        {
            e.ToTable("incidents");
            e.HasIndex(x => new { x.InstanceId, x.ResolvedAt });
        });
        b.Entity<ProcessedMessageRecord>(e =>
        {
            e.ToTable("processed_messages");
            e.HasKey(x => x.MessageId);
        });
        b.Entity<AttendanceEntryRecord>(e =>
        {
            e.ToTable("attendance_entries");
            e.HasIndex(x => x.MessageId).IsUnique();
            e.HasIndex(x => new { x.LeerlingId, x.Datum });
            e.Property(x => x.Soort).HasMaxLength(32);
        });
        b.Entity<AuditEntryRecord>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(x => new { x.CaseId, x.At });
            e.HasIndex(x => new { x.User, x.At });
            e.Property(x => x.User).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.LeerlingId).HasMaxLength(64);
            e.Property(x => x.Result).HasMaxLength(32);
            e.HasIndex(x => new { x.LeerlingId, x.At }); // "who looked at this pupil"
        });
        b.Entity<HolidayDataRecord>(e => e.ToTable("holiday_data"));
        b.Entity<SchoolDayRecord>(e =>
        {
            e.ToTable("school_days");
            e.Property(x => x.SchoolId).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(200);
            e.HasIndex(x => new { x.SchoolId, x.Date }).IsUnique(); // one statement per school and day
        });
        b.Entity<RevokedSessionRecord>(e =>
        {
            e.ToTable("revoked_sessions");
            e.HasKey(x => x.SessionId);
            e.Property(x => x.SessionId).HasMaxLength(64);
            e.HasIndex(x => x.ExpiresAt);
        });
        b.Entity<CaseNoteRecord>(e =>
        {
            e.ToTable("case_notes");
            e.HasIndex(x => new { x.CaseId, x.CreatedAt });
            e.Property(x => x.Text).HasMaxLength(CaseNoteRecord.MaxTextLength);
            e.Property(x => x.Author).HasMaxLength(200);
        });
        b.Entity<ErrorMessageRecord>(e =>
        {
            e.ToTable("error_messages");
            e.Property(x => x.MessageType).HasMaxLength(64);
            e.Property(x => x.SchoolId).HasMaxLength(64);
            e.Property(x => x.LeerlingId).HasMaxLength(64);
            e.Property(x => x.ExceptionType).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.HandledBy).HasMaxLength(200);
            e.Property(x => x.HandledNote).HasMaxLength(500);
            e.HasIndex(x => new { x.Status, x.FailedAt });
            e.HasIndex(x => x.BerichtId);
            e.HasIndex(x => x.ReplayOf);
        });
        b.Entity<PersonRecord>(e =>
        {
            e.ToTable("people");
            e.HasKey(x => x.UserName);
            e.Property(x => x.UserName).HasMaxLength(PersonRecord.MaxUserNameLength);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Roles).HasMaxLength(1000);
            e.Property(x => x.Schools).HasMaxLength(2000);
        });
        b.Entity<MailRecord>(e =>
        {
            e.ToTable("mail_outbox");
            e.HasIndex(x => x.Key).IsUnique(); // each notification once, however many hosts look for it
            e.Property(x => x.Key).HasMaxLength(300);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.UserName).HasMaxLength(PersonRecord.MaxUserNameLength);
            e.Property(x => x.ToAddress).HasMaxLength(320);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.HasIndex(x => new { x.SentAt, x.NextAttemptAt });
        });
        b.Entity<BufferedMessageRecord>(e =>
        {
            e.ToTable("buffered_messages");
            e.HasKey(x => x.MessageId);
            e.HasIndex(x => new { x.MessageName, x.CorrelationKey, x.ExpiresAt });
        });
        b.Entity<MigrationBatchRecord>(e =>
        {
            e.ToTable("migration_batches");
            e.Property(x => x.ProcessId).HasMaxLength(200);
            e.Property(x => x.Selection).HasMaxLength(MigrationBatchRecord.MaxSelectionLength);
            e.Property(x => x.CreatedBy).HasMaxLength(PersonRecord.MaxUserNameLength);
            e.Property(x => x.ChangedBy).HasMaxLength(PersonRecord.MaxUserNameLength);
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.ProcessId, x.CreatedAt });
        });
        b.Entity<MigrationBatchCaseRecord>(e =>
        {
            e.ToTable("migration_batch_cases");
            e.HasKey(x => new { x.BatchId, x.InstanceId });
            e.HasIndex(x => new { x.BatchId, x.Status });
            e.HasOne<MigrationBatchRecord>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class PostgresWorkflowDbContext(DbContextOptions<PostgresWorkflowDbContext> options) : WorkflowDbContext(options)
{
    public override bool SupportsRowLocks => true;
}

public sealed class SqliteWorkflowDbContext(DbContextOptions<SqliteWorkflowDbContext> options) : WorkflowDbContext(options)
{
    public override bool SupportsRowLocks => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        // SQLite cannot compare DateTimeOffset in SQL; all instants are stored in UTC, so their binary form orders correctly.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
