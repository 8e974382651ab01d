using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MigrationTracker.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DriverChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DriverChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DriverId = table.Column<int>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DriverChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DriverChanges_Drivers_DriverId",
                        column: x => x.DriverId,
                        principalTable: "Drivers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DriverChanges_DriverId_ChangedAt",
                table: "DriverChanges",
                columns: new[] { "DriverId", "ChangedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DriverChanges");
        }
    }
}
