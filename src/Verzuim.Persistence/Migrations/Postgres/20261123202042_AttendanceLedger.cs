using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Verzuim.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AttendanceLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attendance_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    LeerlingId = table.Column<string>(type: "text", nullable: false),
                    SchoolId = table.Column<string>(type: "text", nullable: false),
                    Datum = table.Column<DateOnly>(type: "date", nullable: false),
                    Soort = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Uren = table.Column<decimal>(type: "numeric", nullable: true),
                    Minuten = table.Column<int>(type: "integer", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attendance_entries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_attendance_entries_LeerlingId_Datum",
                table: "attendance_entries",
                columns: new[] { "LeerlingId", "Datum" });

            migrationBuilder.CreateIndex(
                name: "IX_attendance_entries_MessageId",
                table: "attendance_entries",
                column: "MessageId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attendance_entries");
        }
    }
}
