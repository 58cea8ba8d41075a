using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Verzuim.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ErrorMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "error_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BerichtId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SchoolId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeerlingId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    ExceptionType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReplayOf = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HandledBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HandledNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_error_messages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_error_messages_BerichtId",
                table: "error_messages",
                column: "BerichtId");

            migrationBuilder.CreateIndex(
                name: "IX_error_messages_ReplayOf",
                table: "error_messages",
                column: "ReplayOf");

            migrationBuilder.CreateIndex(
                name: "IX_error_messages_Status_FailedAt",
                table: "error_messages",
                columns: new[] { "Status", "FailedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "error_messages");
        }
    }
}
