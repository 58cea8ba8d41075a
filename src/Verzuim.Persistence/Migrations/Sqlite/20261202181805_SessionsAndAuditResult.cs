using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Verzuim.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionsAndAuditResult : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LeerlingId",
                table: "audit_log",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Result",
                table: "audit_log",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            // rows written before these columns: the result was the start of the detail, the pupil is the case's
            migrationBuilder.Sql("""
                UPDATE audit_log SET "Result" = CASE WHEN "Detail" LIKE 'gelukt%' THEN 'gelukt' WHEN "Detail" LIKE 'geweigerd%' THEN 'geweigerd' END;
                UPDATE audit_log SET "LeerlingId" = (SELECT i."BusinessKey" FROM instances i WHERE i."Id" = audit_log."CaseId") WHERE "CaseId" IS NOT NULL;
                """);

            migrationBuilder.CreateTable(
                name: "revoked_sessions",
                columns: table => new
                {
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revoked_sessions", x => x.SessionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_LeerlingId_At",
                table: "audit_log",
                columns: new[] { "LeerlingId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_revoked_sessions_ExpiresAt",
                table: "revoked_sessions",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "revoked_sessions");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_LeerlingId_At",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "LeerlingId",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "Result",
                table: "audit_log");
        }
    }
}
