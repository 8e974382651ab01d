using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MigrationTracker.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TeamId",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "ApiKeys");
        }
    }
}
